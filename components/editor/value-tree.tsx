"use client";

import { memo, useState } from "react";
import type { EscValue, Schema } from "@/lib/esc";
import { schemaAt, typeLabel } from "./schema-at";

interface Props {
  properties: Record<string, EscValue>;
  schema?: Schema;
  showSecrets: boolean;
}

/** Resolved values as a collapsible tree; secrets masked until "Show secrets". */
export function ValueTree({ properties, schema, showSecrets }: Props) {
  const keys = Object.keys(properties);
  if (keys.length === 0) return <p className="px-3 py-2 text-xs text-zinc-500">No values yet. Add some under <code>values:</code>.</p>;
  return (
    <ul role="tree" aria-label="Resolved values tree" className="font-mono text-[12.5px] leading-5">
      {keys.map((k) => (
        <Node key={k} name={k} value={properties[k]} path={[k]} schema={schema} showSecrets={showSecrets} depth={0} />
      ))}
    </ul>
  );
}

interface NodeProps {
  name: string;
  value: EscValue;
  path: (string | number)[];
  schema?: Schema;
  showSecrets: boolean;
  depth: number;
}

// A row re-renders only when what it shows changed: its value (shared between checks while
// unchanged, see share-values.ts; otherwise compared without the traces, which an edit above
// shifts for every later value), the schema or the secrets toggle. The path is rebuilt by
// every parent render, so it is compared by content.
const samePath = (a: (string | number)[], b: (string | number)[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameDisplay(a: EscValue, b: EscValue): boolean {
  if (a === b) return true;
  if (!!a.secret !== !!b.secret || !!a.unknown !== !!b.unknown) return false;
  const x = a.value;
  const y = b.value;
  if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return Object.is(x, y);
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) return x.length === (y as EscValue[]).length && x.every((e, i) => sameDisplay(e, (y as EscValue[])[i]));
  const xo = x as Record<string, EscValue>;
  const yo = y as Record<string, EscValue>;
  const keys = Object.keys(xo);
  const yk = Object.keys(yo);
  return keys.length === yk.length && keys.every((k, i) => k === yk[i] && sameDisplay(xo[k], yo[k]));
}
const Node = memo(function Node({ name, value, path, schema, showSecrets, depth }: NodeProps) {
  const [open, setOpen] = useState(depth < 2);
  const v = value.value;
  const isContainer = !value.unknown && v !== null && typeof v === "object" && !(value.secret && !showSecrets);
  const entries: [string, EscValue][] = isContainer ? (Array.isArray(v) ? v.map((e, i) => [String(i), e]) : Object.entries(v as Record<string, EscValue>)) : [];
  const label = <span className="text-zinc-700">{name}</span>;
  if (!isContainer) {
    return (
      <li role="treeitem" aria-selected={false} className="flex gap-2 py-px" style={{ paddingLeft: depth * 14 + 18 }}>
        {label}
        <span className="text-zinc-400">:</span>
        <Leaf value={value} type={typeLabel(schemaAt(schema, path))} showSecrets={showSecrets} />
      </li>
    );
  }
  const count = entries.length;
  return (
    <li role="treeitem" aria-expanded={open} aria-selected={false}>
      <button type="button" onClick={() => setOpen(!open)} className="flex w-full items-center gap-1 py-px text-left hover:bg-zinc-100" style={{ paddingLeft: depth * 14 + 2 }}>
        <span aria-hidden className="inline-block w-3.5 text-zinc-400">{open ? "▾" : "▸"}</span>
        {label}
        <span className="text-xs text-zinc-400">{Array.isArray(v) ? `[${count}]` : `{${count}}`}</span>
        {value.secret && <SecretBadge />}
      </button>
      {open && (
        <ul role="group">
          {entries.map(([k, e]) => (
            <Node key={k} name={k} value={e} path={[...path, Array.isArray(v) ? Number(k) : k]} schema={schema} showSecrets={showSecrets} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}, (a, b) => sameDisplay(a.value, b.value) && a.name === b.name && a.schema === b.schema && a.showSecrets === b.showSecrets && a.depth === b.depth && samePath(a.path, b.path));

function Leaf({ value, type, showSecrets }: { value: EscValue; type: string; showSecrets: boolean }) {
  if (value.secret && !showSecrets) return <span className="rounded bg-amber-50 px-1 text-amber-700">[secret]</span>;
  if (value.unknown) {
    return (
      <span className="text-violet-600" title="Known when the environment is opened">
        [unknown] <span className="text-zinc-400">{type}</span>
        {value.secret && <SecretBadge />}
      </span>
    );
  }
  const v = value.value;
  const text = typeof v === "string" ? JSON.stringify(v) : v === undefined ? "null" : String(v);
  const color = typeof v === "string" ? "text-emerald-700" : typeof v === "number" ? "text-blue-700" : "text-fuchsia-700";
  return (
    <span className={`break-all ${color}`}>
      {text}
      {value.secret && <SecretBadge />}
    </span>
  );
}

function SecretBadge() {
  return <span className="ml-1.5 rounded bg-amber-100 px-1 text-[10px] font-sans font-medium uppercase text-amber-800">secret</span>;
}
