"use client";

// The compare page's resolved values: masked as rendered; "Show secrets" asks the server (a
// POST that needs the open right and is audited), "Hide secrets" only forgets the answer.
import { useState, useTransition } from "react";
import type { ActionState } from "@/lib/actions/action-state";
import { Alert, Card } from "@/components/ui/card";
import { ValueChanges } from "./value-changes";
import type { ValueChange } from "./value-diff";

export function CompareValues({
  masked,
  reveal,
}: {
  masked: ValueChange[];
  /** the bound server action, when the viewer may open the environment */
  reveal?: () => Promise<ActionState<ValueChange[]>>;
}) {
  const [revealed, setRevealed] = useState<ValueChange[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const toggle = () => {
    setError(null);
    if (revealed) return setRevealed(null);
    startTransition(async () => {
      const result = await reveal!().catch(() => ({ status: "error", message: "The request did not reach the server. Try again." }) as const);
      if (result.status === "ok") setRevealed(result.data);
      else if (result.status === "error") setError(result.message);
    });
  };

  return (
    <Card
      title="Resolved values"
      description={revealed ? "Secrets are shown (this was recorded in the audit log)." : "Secrets are masked: a secret entered again shows as changed (hidden); Show secrets shows the values."}
      actions={
        reveal ? (
          <button
            type="button"
            onClick={toggle}
            disabled={pending}
            aria-pressed={revealed !== null}
            className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium hover:bg-zinc-50 disabled:opacity-60"
          >
            {pending ? "Showing…" : revealed ? "Hide secrets" : "Show secrets"}
          </button>
        ) : null
      }
    >
      {error && <Alert>{error}</Alert>}
      <ValueChanges changes={revealed ?? masked} />
    </Card>
  );
}
