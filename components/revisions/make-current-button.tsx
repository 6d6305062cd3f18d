"use client";

import type { FormAction } from "@/lib/actions/idle";
import { useFormAction } from "@/components/ui/use-form-action";

/** Rollback: saves the chosen revision's content as a new revision (history is kept). */
export function MakeCurrentButton({ action, revision, head }: { action: FormAction<number>; revision: number; head: number }) {
  const { state, onSubmit, pending } = useFormAction(action);
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        if (!window.confirm(`Make revision ${revision} current? This saves its content as revision ${head + 1}; nothing is deleted.`)) {
          e.preventDefault();
          return;
        }
        onSubmit(e);
      }}
    >
      <input type="hidden" name="version" value={revision} />
      <input type="hidden" name="baseRevision" value={head} />
      <button type="submit" disabled={pending} className="rounded border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-50">
        {pending ? "…" : "Make current"}
      </button>
      {state.status === "error" && <span role="alert" className="ml-2 text-xs text-red-600">{state.message}</span>}
    </form>
  );
}
