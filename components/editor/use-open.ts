"use client";

import { useCallback, useState } from "react";
import type { EnvironmentRef } from "@/lib/environments/schema";
import type { EvaluationDto } from "@/lib/environments/evaluate";
import type { Notice } from "./editor-notice";

export type OpenKind = "open" | "reveal";

export interface OpenState {
  /** the server's last evaluation, and the text it was of */
  evaluated: { text: string; dto: EvaluationDto; kind: OpenKind } | null;
  /** an Open or Show secrets in flight */
  busy: OpenKind | null;
  /** the last evaluation is of the text in the editor now */
  evaluatedIsCurrent: boolean;
  /** that evaluation failed (a provider refused): show its problems, not its half-unknown values */
  openFailed: boolean;
  showSecrets: boolean;
  open: () => void;
  cancel: () => void;
  toggleSecrets: () => void;
}

/**
 * Open and Show secrets: both evaluate the editor's text on the server (providers, secrets), which
 * the browser's live check cannot. Only Open is cancellable: a reveal calls no providers.
 */
export function useOpen(envRef: EnvironmentRef, text: string, setNotice: (n: Notice | null) => void): OpenState {
  const [evaluated, setEvaluated] = useState<OpenState["evaluated"]>(null);
  const [busy, setBusy] = useState<null | { kind: OpenKind; abort: AbortController }>(null);
  const [showSecrets, setShowSecrets] = useState(false);

  const evaluate = useCallback(
    async (kind: OpenKind) => {
      const abort = new AbortController();
      setBusy({ kind, abort });
      setNotice(null);
      try {
        const res = await fetch(`/${envRef.org}/${envRef.project}/${envRef.name}/evaluate`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ mode: kind, yaml: text }),
          signal: abort.signal,
        });
        const body = await res.json();
        if (!res.ok) throw new Error(body?.message ?? "The environment could not be opened.");
        setEvaluated({ text, dto: body as EvaluationDto, kind });
        if (kind === "reveal") setShowSecrets(true);
      } catch (e) {
        if ((e as Error).name === "AbortError") setNotice({ tone: "ok", text: "Cancelled." });
        else setNotice({ tone: "error", text: (e as Error).message });
      } finally {
        setBusy(null);
      }
    },
    [envRef, text, setNotice],
  );

  const evaluatedIsCurrent = evaluated !== null && evaluated.text === text;
  const openFailed = evaluatedIsCurrent && evaluated.dto.diagnostics.some((d) => d.severity === "error");

  const toggleSecrets = () => {
    if (showSecrets) setShowSecrets(false);
    // After a failed open there are no opened values to show: reveal (no provider calls).
    else if (evaluatedIsCurrent && !openFailed) setShowSecrets(true);
    else void evaluate("reveal");
  };

  return {
    evaluated,
    busy: busy?.kind ?? null,
    evaluatedIsCurrent,
    openFailed,
    showSecrets,
    open: () => void evaluate("open"),
    cancel: () => busy?.abort.abort(),
    toggleSecrets,
  };
}
