"use client";

import { useState } from "react";
import type { FormAction } from "@/lib/actions/idle";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

export function DeleteEnvironmentForm({ action, envRef }: { action: FormAction<undefined>; envRef: EnvironmentRef }) {
  const { state, onSubmit, pending, fields } = useFormAction(action);
  const [typed, setTyped] = useState("");
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
      <Field label={`Type ${envRef.name} to confirm`} name="confirm" error={fields.confirm}>
        <TextInput name="confirm" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} error={fields.confirm} />
      </Field>
      <Button type="submit" variant="danger" className="w-full" disabled={pending || typed.trim() !== envRef.name}>
        {pending ? "Deleting…" : "Delete environment"}
      </Button>
    </form>
  );
}
