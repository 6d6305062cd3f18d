"use client";

import { useEffect, useRef } from "react";
import type { FormAction } from "@/lib/actions/idle";
import type { CreatedAccessToken } from "@/lib/tokens/access-tokens";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput, inputClass } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { CopyButton } from "./copy-button";

export function CreateTokenForm({ action }: { action: FormAction<CreatedAccessToken> }) {
  const { state, onSubmit, pending, fields } = useFormAction(action);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.status === "ok") form.current?.reset();
  }, [state]);
  return (
    <div className="space-y-4">
      {state.status === "ok" && (
        <div className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3" role="status">
          <p className="text-sm font-medium text-emerald-900">Token “{state.data.name}” created. Copy it now: it is shown only once.</p>
          <div className="flex items-center gap-2">
            <code data-testid="new-token" className="min-w-0 flex-1 truncate rounded border border-emerald-200 bg-white px-2 py-1 font-mono text-xs">
              {state.data.token}
            </code>
            <CopyButton text={state.data.token} />
          </div>
          <p className="text-xs text-emerald-800">Install the CLI and log in with this token:</p>
          <CliCommands token={state.data.token} />
          <p className="text-xs text-emerald-800">
            Scripts can send it as <code className="font-mono">Authorization: Bearer …</code> instead.
          </p>
        </div>
      )}
      <form ref={form} onSubmit={onSubmit} className="space-y-3" noValidate>
        {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
        <Field label="Token name" name="name" error={fields.name} hint="Where it will be used, e.g. laptop or CI.">
          <TextInput name="name" required maxLength={100} error={fields.name} />
        </Field>
        <Field label="Expires" name="expiresInDays" error={fields.expiresAt}>
          <select id="expiresInDays" name="expiresInDays" defaultValue="30" className={inputClass}>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="never">never</option>
          </select>
        </Field>
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
    </div>
  );
}

/** The two commands a new CLI user needs, with this console's address and the new token. */
function CliCommands({ token }: { token: string }) {
  const origin = window.location.origin;
  const lines = [`npm install -g ${origin}/cli/ferry.tgz`, `ferry login ${origin} --token ${token}`];
  return (
    <div className="flex items-start gap-2">
      <pre data-testid="cli-commands" className="min-w-0 flex-1 overflow-x-auto rounded border border-emerald-200 bg-white px-2 py-1 font-mono text-xs">
        {lines.join("\n")}
      </pre>
      <CopyButton text={lines.join("\n")} />
    </div>
  );
}

