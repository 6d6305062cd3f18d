"use client";

import { useEffect, useRef } from "react";
import { addMemberAction } from "@/app/(console)/[org]/-/members/actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput, inputClass } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

export function AddMemberForm({ org }: { org: string }) {
  const { state, onSubmit, pending, fields } = useFormAction(addMemberAction.bind(null, org));
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.status === "ok") form.current?.reset();
  }, [state]);
  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-3" noValidate>
      {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
      {state.status === "ok" && <Alert tone="success">{state.message}</Alert>}
      <Field label="Email" name="email" error={fields.email}>
        <TextInput name="email" type="email" required placeholder="teammate@example.com" error={fields.email} />
      </Field>
      <Field label="Role" name="role" error={fields.role}>
        <select id="role" name="role" defaultValue="member" className={inputClass}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </Field>
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Adding…" : "Add member"}</Button>
    </form>
  );
}
