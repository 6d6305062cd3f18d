"use client";

import type { FormAction } from "@/lib/actions/idle";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useFormAction } from "@/components/ui/use-form-action";

const OPTIONS = [
  { value: "ferry", label: "Ferry", example: (org: string) => `ferry:environments:org:${org}:env:<project>/<env>` },
  { value: "pulumi", label: "Pulumi ESC", example: (org: string) => `pulumi:environments:org:${org}:env:<project>/<env>` },
] as const;

export function SubjectFormatForm({ action, org, current, canChange }: { action: FormAction<string>; org: string; current: string; canChange: boolean }) {
  const { state, onSubmit, pending, fields } = useFormAction(action);
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {state.status === "error" && <Alert>{fields.subjectFormat ?? state.message}</Alert>}
      {state.status === "ok" && <Alert tone="success">{state.message}</Alert>}
      <fieldset disabled={!canChange} className="space-y-2">
        <legend className="sr-only">Subject format</legend>
        {OPTIONS.map((o) => (
          <label key={o.value} className="flex cursor-pointer items-start gap-2 rounded-md border border-zinc-200 px-3 py-2 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
            <input type="radio" name="subjectFormat" value={o.value} defaultChecked={current === o.value} className="mt-1" />
            <span>
              <span className="block text-sm font-medium text-zinc-900">{o.label}</span>
              <code className="block font-mono text-xs text-zinc-600">{o.example(org)}</code>
            </span>
          </label>
        ))}
      </fieldset>
      {canChange ? (
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save subject format"}</Button>
      ) : (
        <p className="text-sm text-zinc-500">Only admins can change this. Ask an admin of {org}.</p>
      )}
    </form>
  );
}
