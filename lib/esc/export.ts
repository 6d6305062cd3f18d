// Public value shapes (the reference's esc.Value / esc.Range JSON) and plain-JSON projections
// with or without redaction.

import type { Range } from "./diagnostics";
import type { Json } from "./schema";
import { isMap, NumberText, propertiesOf, Value } from "./value";

export interface EscPos {
  line: number;
  column: number;
  byte: number;
}
export interface EscRange {
  environment?: string;
  begin: EscPos;
  end: EscPos;
}
export interface EscTrace {
  def: EscRange;
  base?: EscValue;
}
/** An evaluated value as the API exposes it; `value` is absent for null and most unknowns. */
export interface EscValue {
  value?: null | boolean | number | string | EscValue[] | { [k: string]: EscValue };
  secret?: boolean;
  unknown?: boolean;
  trace?: EscTrace;
}

/** Range → EscRange. Positions are shared with the syntax tree: treat them as read-only. */
export function escRange(r: Range | undefined, env: string): EscRange {
  if (!r) return { environment: env, begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } };
  return { environment: r.filename ?? env, begin: r.start, end: r.end };
}

const MAX_EXPORT_DEPTH = 1000;

/** Internal value → EscValue, with traces. Objects list their merged keys. */
export function exportValue(v: Value, depth = 0): EscValue {
  const out: EscValue = {};
  const r = v.repr;
  if (depth > MAX_EXPORT_DEPTH) return { unknown: true };
  if (r instanceof NumberText) out.value = Number(r.text);
  else if (Array.isArray(r)) out.value = r.map((e) => exportValue(e, depth + 1));
  else if (isMap(r)) {
    if (!v.unknown) {
      const o: { [k: string]: EscValue } = {};
      for (const [k, p] of propertiesOf(v)) setOwn(o, k, exportValue(p, depth + 1));
      out.value = o;
    }
  } else if (r !== null) out.value = r;
  if (v.secret) out.secret = true;
  if (v.unknown) out.unknown = true;
  out.trace = { def: escRange(v.def.range, v.def.env) };
  if (v.base) out.trace.base = exportValue(v.base, depth + 1);
  return out;
}

/**
 * Plain JSON of an EscValue. With `redact`, secrets become "[secret]" (checked before unknown);
 * unknowns always become "[unknown]".
 */
export function escValueToJson(v: EscValue, redact: boolean, depth = 0): Json {
  if (redact && v.secret) return "[secret]";
  if (v.unknown) return "[unknown]";
  const x = v.value;
  if (x === undefined || x === null || depth > MAX_EXPORT_DEPTH) return null;
  if (Array.isArray(x)) return x.map((e) => escValueToJson(e, redact, depth + 1));
  if (typeof x === "object") {
    const o: Record<string, Json> = {};
    for (const k of Object.keys(x).sort()) setOwn(o, k, escValueToJson(x[k], redact, depth + 1));
    return o;
  }
  return x;
}

/** Plain JSON of a map of properties (an environment's `properties`). */
export function propertiesToJson(props: Record<string, EscValue> | undefined, redact: boolean): Record<string, Json> {
  const o: Record<string, Json> = {};
  if (!props) return o;
  for (const k of Object.keys(props).sort()) setOwn(o, k, escValueToJson(props[k], redact));
  return o;
}

/** Go-compatible toString of an EscValue (used by projections): secrets optionally redacted. */
export function escValueToString(v: EscValue, redact: boolean): string {
  if (redact && v.secret) return "[secret]";
  if (v.unknown) return "[unknown]";
  const x = v.value;
  if (x === undefined || x === null) return "";
  if (typeof x === "object") return JSON.stringify(escValueToJson(v, redact));
  return String(x);
}

import { recordOf, tupleOf, nullSchema, type Schema } from "./schema";
import type { Def } from "./value";
import { setOwn } from "./own";

/** EscValue (e.g. a provider result) → internal value defined at `def`; leaf flags kept. */
export function valueFromEsc(e: EscValue | undefined, def: Def, depth = 0): Value {
  const x = e?.value;
  let v: Value;
  if (depth > MAX_EXPORT_DEPTH || x === undefined || x === null) v = new Value(null, nullSchema(), def);
  else if (typeof x === "boolean") v = new Value(x, { type: "boolean", const: x }, def);
  else if (typeof x === "number") v = new Value(new NumberText(String(x)), { type: "number", const: x }, def);
  else if (typeof x === "string") v = new Value(x, { type: "string", const: x }, def);
  else if (Array.isArray(x)) {
    const items = x.map((i) => valueFromEsc(i, def, depth + 1));
    v = new Value(items, tupleOf(items.map((i) => i.schema)), def);
  } else {
    const m = new Map<string, Value>();
    const props: Record<string, Schema> = {};
    for (const k of Object.keys(x)) {
      const c = valueFromEsc(x[k], def, depth + 1);
      m.set(k, c);
      setOwn(props, k, c.schema);
    }
    v = new Value(m, recordOf(props), def);
  }
  if (e?.secret) v.secret = true;
  if (e?.unknown) {
    v.unknown = true;
    v.schema = true;
  }
  return v;
}
