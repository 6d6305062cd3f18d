"use client";

import type { FormAction } from "@/lib/actions/idle";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

export function CreateOrganizationForm({ action }: { action: FormAction<string> }) {
  const { state, onSubmit, pending, fields } = useFormAction(action);
  return (
    <Card>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
        <Field label="Organization name" name="name" error={fields.name} hint='Letters, digits, "-", "_" and "." — it appears in URLs and references, e.g. acme/payments/dev.'>
          <TextInput name="name" placeholder="acme" required autoFocus maxLength={40} error={fields.name} />
        </Field>
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create organization"}</Button>
        </div>
      </form>
    </Card>
  );
}
