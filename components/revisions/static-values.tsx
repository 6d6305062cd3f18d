import { propertiesToJson, type Diagnostic, type EscValue } from "@/lib/esc";

/** A revision's resolved values (redacted) and its problems, rendered on the server. */
export function StaticValues({ properties, diagnostics }: { properties: Record<string, EscValue>; diagnostics: Diagnostic[] }) {
  const errors = diagnostics.filter((d) => d.severity === "error");
  return (
    <div className="space-y-3">
      {errors.length > 0 && (
        <ul className="space-y-1 text-xs text-red-700">
          {errors.map((d, i) => (
            <li key={i}>● {d.summary}{d.range ? ` (line ${d.range.start.line})` : ""}</li>
          ))}
        </ul>
      )}
      <pre className="max-h-[50vh] overflow-auto rounded bg-zinc-50 p-3 font-mono text-xs leading-5" data-testid="revision-values">
        {JSON.stringify(propertiesToJson(properties, true), null, 2)}
      </pre>
    </div>
  );
}
