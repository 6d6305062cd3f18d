"use client";

import { useState } from "react";
import type { FormAction } from "@/lib/actions/idle";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

export function CreateEnvironmentForm({ action, org, defaultProject }: { action: FormAction<string>; org: string; defaultProject: string }) {
  const { state, onSubmit, pending, fields } = useFormAction(action);
  const [project, setProject] = useState(defaultProject);
  const [name, setName] = useState("");
  return (
    <Card>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Project" name="project" error={fields.project} hint="Optional; defaults to “default”.">
            <TextInput name="project" placeholder="default" value={project} onChange={(e) => setProject(e.target.value)} maxLength={64} error={fields.project} />
          </Field>
          <Field label="Environment name" name="name" error={fields.name}>
            <TextInput name="name" placeholder="dev" required autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={64} error={fields.name} />
          </Field>
        </div>
        <p className="rounded-md bg-zinc-50 px-3 py-2 font-mono text-xs text-zinc-600">
          {org}/{project.trim() || "default"}/{name.trim() || "…"}
        </p>
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create environment"}</Button>
        </div>
      </form>
    </Card>
  );
}
