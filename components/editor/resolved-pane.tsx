"use client";

import { memo, useMemo, useState } from "react";
import { escValueToString, propertiesToJson, type EscValue, type Schema } from "@/lib/esc";
import { ValueTree } from "./value-tree";

type View = "tree" | "json" | "env";

export interface PaneSource {
  properties: Record<string, EscValue>;
  schema?: Schema;
  /** where these values came from: the live check or an open */
  kind: "check" | "open" | "reveal";
  ms?: number;
  /** the text no longer decodes; these are the last values that did */
  stale?: boolean;
}

export const ResolvedPane = memo(function ResolvedPane({ source, showSecrets, status }: { source: PaneSource; showSecrets: boolean; status?: React.ReactNode }) {
  const [view, setView] = useState<View>("tree");
  const json = useMemo(
    () => (view === "json" ? JSON.stringify(propertiesToJson(source.properties, !showSecrets), null, 2) : ""),
    [view, source.properties, showSecrets],
  );
  const tab = (v: View, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={view === v}
      onClick={() => setView(v)}
      className="rounded px-2 py-0.5 text-xs text-zinc-600 aria-selected:bg-white aria-selected:font-medium aria-selected:text-zinc-900 aria-selected:shadow-xs"
    >
      {label}
    </button>
  );
  return (
    <section role="region" aria-label="Resolved values" className="flex h-full min-h-0 flex-col">
      <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-1.5">
        <div role="tablist" aria-label="Resolved values view" className="flex gap-0.5 rounded-md bg-zinc-100 p-0.5">
          {tab("tree", "Tree")}
          {tab("json", "JSON")}
          {tab("env", "Environment variables")}
        </div>
        <div className="truncate text-[11px] text-zinc-500">{status}</div>
      </div>
      <div className={`min-h-0 flex-1 overflow-auto py-2 ${source.stale ? "opacity-60" : ""}`} data-stale={source.stale ? "true" : undefined}>
        {view === "tree" && <div className="px-1"><ValueTree properties={source.properties} schema={source.schema} showSecrets={showSecrets} /></div>}
        {view === "json" && (
          <pre data-testid="resolved-json" className="px-3 font-mono text-[12.5px] leading-5 whitespace-pre-wrap break-all">
            {json}
          </pre>
        )}
        {view === "env" && <EnvVars value={source.properties.environmentVariables} showSecrets={showSecrets} />}
      </div>
    </section>
  );
});

function EnvVars({ value, showSecrets }: { value?: EscValue; showSecrets: boolean }) {
  const obj = value?.value && typeof value.value === "object" && !Array.isArray(value.value) ? (value.value as Record<string, EscValue>) : undefined;
  if (!obj || Object.keys(obj).length === 0) {
    return <p className="px-3 text-xs text-zinc-500">No <code>environmentVariables</code> are projected. Add them at the top level to inject values into <code>ferry run</code>.</p>;
  }
  return (
    <table className="w-full font-mono text-[12.5px]">
      <tbody>
        {Object.keys(obj).sort().map((k) => (
          <tr key={k} className="align-top">
            <td className="py-0.5 pl-3 pr-2 font-medium text-zinc-700">{k}</td>
            <td className="break-all py-0.5 pr-3 text-emerald-700">{escValueToString(obj[k], !showSecrets)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
