import { CopyButton } from "./copy-button";

/** A labelled value to paste into a cloud console, with its copy button. */
export function TrustValue({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  const id = `trust-${copyLabel.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="space-y-1">
      <div id={id} className="text-xs font-medium text-zinc-500">
        {label}
      </div>
      <div className="flex items-center gap-2">
        <code aria-labelledby={id} className="min-w-0 flex-1 overflow-x-auto whitespace-nowrap rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-1.5 font-mono text-xs text-zinc-800">
          {value}
        </code>
        <CopyButton text={value} label={copyLabel} />
      </div>
    </div>
  );
}

export function TrustBlock({ label, value, copyLabel }: { label: string; value: string; copyLabel: string }) {
  const id = `trust-${copyLabel.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between">
        <div id={id} className="text-xs font-medium text-zinc-500">
          {label}
        </div>
        <CopyButton text={value} label={copyLabel} />
      </div>
      <pre aria-labelledby={id} className="overflow-x-auto rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-800">
        {value}
      </pre>
    </div>
  );
}
