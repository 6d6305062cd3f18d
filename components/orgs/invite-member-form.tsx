"use client";

import { useEffect, useRef } from "react";
import type { FormAction } from "@/lib/actions/idle";
import type { SentInvitation } from "@/lib/orgs/schema";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput, inputClass } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { CopyButton } from "@/components/tokens/copy-button";
import { formatTime } from "@/lib/common/format-time";

export function InviteMemberForm({ action }: { action: FormAction<SentInvitation> }) {
  const { state, onSubmit, pending, fields } = useFormAction(action);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.status === "ok") form.current?.reset();
  }, [state]);
  return (
    <div className="space-y-4">
      {state.status === "ok" && (
        <div className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3" role="status">
          <p className="text-sm font-medium text-emerald-900">
            Invited {state.data.email} as {state.data.role === "admin" ? "an admin" : "a member"}. Copy the link now and send it to them: it is shown only once.
          </p>
          <div className="flex items-center gap-2">
            <code data-testid="invitation-link" className="min-w-0 flex-1 truncate rounded border border-emerald-200 bg-white px-2 py-1 font-mono text-xs">
              {state.data.link}
            </code>
            <CopyButton text={state.data.link} label="Copy link" />
          </div>
          <p className="text-xs text-emerald-800">It works once, for {state.data.email} only, until {formatTime(state.data.expiresAt)}.</p>
        </div>
      )}
      <form ref={form} onSubmit={onSubmit} className="space-y-3" noValidate>
        {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
        <Field label="Email" name="email" error={fields.email}>
          <TextInput name="email" type="email" required placeholder="teammate@example.com" error={fields.email} />
        </Field>
        <Field label="Role" name="role" error={fields.role}>
          <select id="role" name="role" defaultValue="member" className={inputClass}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </Field>
        <Button type="submit" disabled={pending} className="w-full">{pending ? "Inviting…" : "Invite"}</Button>
      </form>
    </div>
  );
}
