"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/actions/action-state";

/** A revoke button bound to a server action; asks once before acting. */
export function RevokeButton({ action, label, confirmText }: { action: () => Promise<ActionState<undefined>>; label: string; confirmText: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <span className="inline-flex items-center gap-2">
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      )}
      <Button
        type="button"
        variant="ghost"
        className="text-red-700"
        aria-label={label}
        disabled={pending}
        onClick={() => {
          if (!window.confirm(confirmText)) return;
          start(async () => {
            const r = await action();
            setError(r.status === "error" ? r.message : undefined);
          });
        }}
      >
        {pending ? "Revoking…" : "Revoke"}
      </Button>
    </span>
  );
}
