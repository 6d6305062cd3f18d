"use client";

import { useEffect, useState } from "react";
import { saveDefinitionAction } from "@/app/(console)/[org]/[project]/[env]/actions";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TextInput, inputClass } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

export function DefinitionForm({ envRef, yaml, headRevision }: { envRef: EnvironmentRef; yaml: string; headRevision: number }) {
  const { state, onSubmit, pending, fields } = useFormAction(saveDefinitionAction.bind(null, envRef));
  const [text, setText] = useState(yaml);
  const dirty = text !== yaml;

  // Leaving with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {state.status === "error" && <Alert>{state.message}</Alert>}
      <input type="hidden" name="baseRevision" value={headRevision} />
      <label htmlFor="yaml" className="sr-only">Definition</label>
      <textarea
        id="yaml"
        name="yaml"
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
        rows={Math.min(30, Math.max(12, text.split("\n").length + 2))}
        className={`${inputClass} font-mono text-[13px] leading-5`}
        aria-invalid={fields.yaml ? true : undefined}
      />
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-48 flex-1">
          <TextInput name="message" aria-label="Revision message" placeholder="Describe the change (optional)" maxLength={500} error={fields.message} />
        </div>
        <span className="text-xs text-zinc-500">{dirty ? "Unsaved changes" : `Editing revision ${headRevision}`}</span>
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
      </div>
    </form>
  );
}
