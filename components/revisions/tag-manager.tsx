"use client";

import type { FormAction } from "@/lib/actions/idle";
import type { TagDto } from "@/lib/environments/tags";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { TagChip } from "./tag-chip";

export function TagManager({ setTag, deleteTag, tags, head, canEdit, revision }: {
  setTag: FormAction<string>;
  deleteTag: FormAction<string>;
  tags: TagDto[];
  head: number;
  canEdit: boolean;
  /** preselected revision (on a revision's own page) */
  revision?: number;
}) {
  const set = useFormAction(setTag);
  const del = useFormAction(deleteTag);
  const state = del.state.status !== "idle" && set.state.status === "idle" ? del.state : set.state;
  return (
    <div className="space-y-4">
      <ul className="space-y-1.5">
        {tags.map((t) => (
          <li key={t.name} className="flex items-center justify-between gap-2 text-sm" data-testid="tag-row">
            <span className="flex items-center gap-2">
              <TagChip name={t.name} />
              <span className="text-xs text-zinc-500">→ revision {t.revision}</span>
            </span>
            {!t.builtIn && canEdit && (
              <form onSubmit={del.onSubmit}>
                <input type="hidden" name="name" value={t.name} />
                <button type="submit" className="text-xs text-zinc-500 hover:text-red-600" aria-label={`Delete tag ${t.name}`} disabled={del.pending}>
                  Delete
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form onSubmit={set.onSubmit} className="space-y-2 border-t border-zinc-100 pt-3" noValidate>
          {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
          {state.status === "ok" && <Alert tone="success">{state.message}</Alert>}
          <div className="grid grid-cols-[1fr_80px] gap-2">
            <Field label="Tag" name="name" error={set.fields.name}>
              <TextInput name="name" placeholder="stable" maxLength={64} error={set.fields.name} />
            </Field>
            <Field label="Revision" name="revision" error={set.fields.revision}>
              <TextInput name="revision" type="number" min={1} max={head} defaultValue={revision ?? head} error={set.fields.revision} />
            </Field>
          </div>
          <Button type="submit" variant="secondary" className="w-full" disabled={set.pending}>
            {set.pending ? "Saving…" : "Tag"}
          </Button>
        </form>
      )}
    </div>
  );
}
