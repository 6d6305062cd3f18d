"use client";

// A form that runs one bound server action and shows its outcome beside the fields; the
// fields themselves come from the (server-rendered) page, so pages need no client code of their own.
import type { ReactNode } from "react";
import type { ActionState } from "@/lib/actions/action-state";
import { useFormAction } from "@/components/ui/use-form-action";

export function ActionForm({
  action,
  submit,
  pendingLabel = "Saving…",
  confirm,
  variant = "primary",
  className = "flex flex-wrap items-end gap-2",
  children,
}: {
  action: (prev: ActionState<string>, form: FormData) => Promise<ActionState<string>>;
  submit: string;
  pendingLabel?: string;
  /** a question to confirm before submitting */
  confirm?: string;
  variant?: "primary" | "quiet";
  className?: string;
  children?: ReactNode;
}) {
  const { state, onSubmit, pending } = useFormAction(action);
  const button =
    variant === "primary"
      ? "rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      : "text-xs text-zinc-500 hover:text-red-600 disabled:opacity-60";
  return (
    <div className="space-y-1">
      <form
        className={className}
        noValidate
        onSubmit={(e) => {
          if (confirm && !window.confirm(confirm)) return e.preventDefault();
          onSubmit(e);
        }}
      >
        {children}
        <button type="submit" disabled={pending} className={button}>{pending ? pendingLabel : submit}</button>
      </form>
      {state.status === "error" && <p role="alert" className="text-xs text-red-600">{state.message}</p>}
      {state.status === "ok" && state.message && <p role="status" className="text-xs text-emerald-700">{state.message}</p>}
    </div>
  );
}
