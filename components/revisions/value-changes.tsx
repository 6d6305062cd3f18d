import type { ValueChange } from "./value-diff";

const STYLE = {
  added: "bg-emerald-50 text-emerald-800",
  removed: "bg-red-50 text-red-800",
  changed: "bg-amber-50 text-amber-800",
};

export function ValueChanges({ changes }: { changes: ValueChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-zinc-500">The resolved values are the same.</p>;
  return (
    <div className="-mx-1 overflow-x-auto px-1">
      <table className="w-full font-mono text-xs" aria-label="Changed values">
        <thead>
          <tr className="text-left font-sans text-zinc-500">
            <th className="pb-2 font-medium">Path</th>
            <th className="pb-2 font-medium">Change</th>
            <th className="pb-2 font-medium">Before</th>
            <th className="pb-2 font-medium">After</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {changes.map((c) => (
            <tr key={c.path} data-testid="value-change" className="align-top">
              <td className="py-1.5 pr-3 font-medium text-zinc-800">{c.path}</td>
              <td className="py-1.5 pr-3"><span className={`rounded px-1.5 py-px font-sans ${STYLE[c.kind]}`}>{c.hidden ? "changed (hidden)" : c.kind}</span></td>
              <td className="break-all py-1.5 pr-3 text-red-700">{c.before ?? ""}</td>
              <td className="break-all py-1.5 text-emerald-700">{c.after ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
