"use client";

// "Copy run command": a dialog that creates a one-shot run token and puts the line that redeems
// it on the clipboard. The line holds a token, never a secret value.
import { RelativeTime } from "@/components/ui/relative-time";
import { useEffect, useRef, useState } from "react";
import type { FormAction } from "@/lib/actions/idle";
import type { RunLineDto } from "@/lib/runs/schema";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput, inputClass } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

const LIFETIMES = [
  { label: "5 minutes", seconds: 300 },
  { label: "15 minutes", seconds: 900 },
  { label: "1 hour", seconds: 3600 },
  { label: "4 hours", seconds: 14400 },
  { label: "24 hours", seconds: 86400 },
];

export function CopyRunCommand({ action, envRef, headRevision }: { action: FormAction<RunLineDto>; envRef: EnvironmentRef; headRevision: number }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // The form exists only while the dialog is open, so its fields never shadow the page's own.
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [open]);
  const { state, onSubmit, pending, fields } = useFormAction(action);
  const [copied, setCopied] = useState<"yes" | "failed" | undefined>();
  const lastLine = useRef<string>(undefined);

  useEffect(() => {
    if (state.status !== "ok" || state.data.line === lastLine.current) return;
    lastLine.current = state.data.line;
    navigator.clipboard.writeText(state.data.line).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  }, [state]);

  const revisions = Array.from({ length: Math.min(headRevision, 50) }, (_, i) => headRevision - i);
  return (
    <>
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        Copy run command
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="run-command-title"
        className="m-auto w-full max-w-lg rounded-lg border border-zinc-200 bg-white p-0 shadow-xl backdrop:bg-zinc-900/30"
        onClose={() => {
          setCopied(undefined);
          setOpen(false);
        }}
      >
        {open && (
          <>
            <div className="border-b border-zinc-100 px-5 py-3.5">
              <h2 id="run-command-title" className="text-sm font-semibold text-zinc-900">
                Copy run command
              </h2>
              <p className="mt-0.5 text-xs text-zinc-500">
                One line that runs a program with {envRef.org}/{envRef.project}/{envRef.name} injected, on any machine with Node.js. No login, nothing to install.
              </p>
            </div>
            <form onSubmit={onSubmit} className="space-y-3 px-5 py-4" noValidate>
              {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
              <div className="grid grid-cols-3 gap-3">
                <Field label="Revision" name="runVersion" error={fields.version}>
                  <select id="runVersion" name="runVersion" defaultValue={String(headRevision)} className={inputClass}>
                    {revisions.map((n) => (
                      <option key={n} value={n}>
                        {n}
                        {n === headRevision ? " (current)" : ""}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Lifetime" name="runTtl" error={fields.ttlSeconds}>
                  <select id="runTtl" name="runTtl" defaultValue="900" className={inputClass}>
                    {LIFETIMES.map((l) => (
                      <option key={l.seconds} value={l.seconds}>
                        {l.label}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Uses" name="runUses" error={fields.uses}>
                  <TextInput name="runUses" type="number" min={1} max={100} defaultValue={1} error={fields.uses} />
                </Field>
              </div>
              <Field label="Command (optional)" name="runCommand" error={fields.command} hint="Pre-filled after --; the teammate can change it. Never put secrets here.">
                <TextInput name="runCommand" placeholder="aws s3 ls" autoComplete="off" spellCheck={false} error={fields.command} />
              </Field>
              {state.status === "ok" && (
                <div className="space-y-1.5" role="status">
                  <textarea
                    readOnly
                    aria-label="Run command"
                    value={state.data.line}
                    rows={3}
                    className="w-full resize-none rounded-md border border-zinc-300 bg-zinc-50 p-2 font-mono text-xs"
                    onFocus={(e) => e.currentTarget.select()}
                  />
                  <p className="text-xs text-zinc-600">
                    {copied === "yes" ? "Copied to the clipboard. " : copied === "failed" ? "Copy the line above (the browser refused clipboard access). " : ""}
                    {state.data.line.endsWith(" --") ? "The command to run goes at the end, after --. " : ""}
                    Pinned to revision {state.data.revision}; works {state.data.maxUses === 1 ? "once" : `${state.data.maxUses} times`} until{" "}
                    <RelativeTime iso={state.data.expiresAt} />.
                  </p>
                </div>
              )}
              <div className="flex justify-end gap-2 pt-1">
                <Button type="button" variant="ghost" onClick={() => dialog.current?.close()}>
                  Close
                </Button>
                <Button type="submit" disabled={pending}>
                  {pending ? "Creating…" : state.status === "ok" ? "Copy another" : "Copy"}
                </Button>
              </div>
            </form>
          </>
        )}
      </dialog>
    </>
  );
}
