// Writes a new JSON-shaped value as YAML text that slots into an existing document: flow style
// inside flow collections, block style (2-level compact sequences, literal blocks for
// multi-line strings) elsewhere, indented to the column the caller asks for.

import { EditError } from "./errors";
import { inlineString, literalAllowed, literalBlock } from "./scalar-style";

export type EditValue = null | boolean | number | bigint | string | EditValue[] | { [key: string]: EditValue };

export function isObject(v: EditValue): v is { [key: string]: EditValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Rejects anything that is not JSON-shaped before any text is produced. */
export function checkValue(v: unknown, seen: Set<unknown> = new Set()): asserts v is EditValue {
  if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "bigint") return;
  if (typeof v === "number") return;
  if (typeof v === "object") {
    if (seen.has(v)) throw new EditError("invalid-value", "the value contains a cycle");
    seen.add(v);
    if (Array.isArray(v)) v.forEach((x) => checkValue(x, seen));
    else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new EditError("invalid-value", "values must be plain objects, arrays, strings, numbers, booleans or null");
      }
      Object.values(v).forEach((x) => checkValue(x, seen));
    }
    seen.delete(v);
    return;
  }
  throw new EditError("invalid-value", `a ${typeof v} cannot be written to YAML`);
}

function renderNumber(n: number | bigint): string {
  if (typeof n === "bigint") return n.toString();
  if (Number.isNaN(n)) return ".nan";
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  return String(n);
}

export function renderKey(k: string): string {
  return inlineString(k, false);
}

/** A value on one line; collections in flow style. */
export function renderFlow(v: EditValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" || typeof v === "bigint") return renderNumber(v);
  if (typeof v === "string") return inlineString(v, true);
  if (Array.isArray(v)) return "[" + v.map(renderFlow).join(", ") + "]";
  return "{" + Object.entries(v).map(([k, x]) => `${inlineString(k, true)}: ${renderFlow(x)}`).join(", ") + "}";
}

/** True when the value fits after `key: ` or `- ` on the same line in block context. */
export function isInline(v: EditValue): boolean {
  if (typeof v === "string") return !literalAllowed(v);
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return true;
}

/** The one-line form used in block context (flow only for empty collections). */
export function renderInline(v: EditValue): string {
  if (typeof v === "string") return inlineString(v, false);
  return renderFlow(v);
}

export interface BlockText {
  /** text after the indicator (`key:` or `-`) on the indicator's line, without the leading space; "" if none */
  head: string;
  /** following lines, each with its absolute indentation */
  lines: string[];
  /** the last line belongs to a block scalar, so nothing may follow it on that line */
  endsInBlockScalar: boolean;
}

/**
 * Text for a value placed after a mapping indicator (`key:`). Nested block content goes to
 * `indent`, the column one level deeper than the key.
 */
export function renderAfterKey(v: EditValue, indent: number, step: number): BlockText {
  if (isInline(v)) return { head: renderInline(v), lines: [], endsInBlockScalar: false };
  if (typeof v === "string") {
    const b = literalBlock(v, indent);
    return { head: b.header, lines: b.lines, endsInBlockScalar: true };
  }
  const r = renderBlock(v as EditValue[] | { [key: string]: EditValue }, indent, step);
  return { head: "", lines: r.lines, endsInBlockScalar: r.endsInBlockScalar };
}

/** Text for a value placed after a sequence dash at column `dash`, compact style (`- a: 1`). */
export function renderAfterDash(v: EditValue, dash: number, step: number): BlockText {
  const indent = dash + 2;
  if (isInline(v)) return { head: renderInline(v), lines: [], endsInBlockScalar: false };
  if (typeof v === "string") {
    const b = literalBlock(v, indent);
    return { head: b.header, lines: b.lines, endsInBlockScalar: true };
  }
  const r = renderBlock(v as EditValue[] | { [key: string]: EditValue }, indent, step);
  return { head: r.lines[0].slice(indent), lines: r.lines.slice(1), endsInBlockScalar: r.endsInBlockScalar };
}

/** A non-empty collection in block style, every line starting at column `indent`. */
export function renderBlock(
  v: EditValue[] | { [key: string]: EditValue },
  indent: number,
  step: number,
): { lines: string[]; endsInBlockScalar: boolean } {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  let last = false;
  const push = (prefix: string, t: BlockText) => {
    lines.push(pad + prefix + (t.head === "" ? "" : " " + t.head));
    lines.push(...t.lines);
    last = t.endsInBlockScalar;
  };
  if (Array.isArray(v)) {
    for (const item of v) push("-", renderAfterDash(item, indent, step));
  } else {
    for (const [k, x] of Object.entries(v)) push(renderKey(k) + ":", renderAfterKey(x, indent + step, step));
  }
  return { lines, endsInBlockScalar: last };
}

/** A literal block whose header sits on a line of its own at `col`; content at the same column. */
export function literalBlockAt(s: string, col: number): { header: string; lines: string[] } {
  return literalBlock(s, col);
}

/** Joins a BlockText for splicing right after an indicator. */
export function joinBlockText(t: BlockText): string {
  return (t.head === "" ? "" : " " + t.head) + t.lines.map((l) => "\n" + l).join("");
}
