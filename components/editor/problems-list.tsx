"use client";

import { memo } from "react";
import type { Diagnostic } from "@/lib/esc";
import { OPERATOR_DETAIL } from "@/lib/providers/presented";

export interface Problem extends Diagnostic {
  /** environment the range is in; the edited one when undefined */
  file?: string;
  /** 1-based position in the edited text, when it has one */
  line?: number;
  column?: number;
}

export const ProblemsList = memo(function ProblemsList({ problems, onSelect }: { problems: Problem[]; onSelect: (p: Problem) => void }) {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  return (
    <section aria-label="Problems" className="flex h-full min-h-0 flex-col">
      <h2 className="flex items-center gap-3 border-b border-zinc-200 px-3 py-1 text-xs font-semibold text-zinc-600">
        Problems
        <span className={errors ? "text-red-600" : "text-zinc-400"}>{errors} {errors === 1 ? "error" : "errors"}</span>
        <span className={warnings ? "text-amber-600" : "text-zinc-400"}>{warnings} {warnings === 1 ? "warning" : "warnings"}</span>
      </h2>
      <ul className="min-h-0 flex-1 overflow-auto text-xs">
        {problems.length === 0 && <li className="px-3 py-1.5 text-zinc-500">No problems.</li>}
        {problems.map((p, i) => {
          // Server settings the user cannot change go behind a disclosure (lib/providers/presented).
          const [summary, operator] = p.summary.split(OPERATOR_DETAIL);
          return (
            <li key={i}>
              <button
                type="button"
                onClick={() => onSelect(p)}
                className="flex w-full items-start gap-2 px-3 py-1 text-left hover:bg-zinc-100"
              >
                <span aria-hidden className={p.severity === "error" ? "text-red-600" : "text-amber-600"}>{p.severity === "error" ? "●" : "▲"}</span>
                <span className="min-w-0 flex-1 break-words text-zinc-800">
                  {summary}
                  {p.detail && <span className="block text-zinc-500">{p.detail}</span>}
                </span>
                <span className="shrink-0 font-mono text-zinc-500">
                  {p.file ? `${p.file} ` : ""}
                  {p.line ? `${p.line}:${p.column}` : ""}
                </span>
              </button>
              {operator && (
                <details className="px-8 pb-1 text-zinc-500">
                  <summary className="cursor-pointer">Details for the operator</summary>
                  <p className="break-words">{operator}</p>
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
});
