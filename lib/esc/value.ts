// Evaluated values: a representation plus unknown/secret/final flags, a schema, the defining
// location (for traces and diagnostics) and the base value it was merged over (LANGUAGE.md §4).

import type { Range } from "./diagnostics";
import type { EvalExpr } from "./eval-expr";
import { Always, nullSchema, recordOf, schemaProperty, tupleOf, type Json, type Schema } from "./schema";
import { setOwn } from "./own";

/** A number kept as its decimal text, never converted to a JS double. */
export class NumberText {
  constructor(readonly text: string) {}
}

export type Repr = null | boolean | NumberText | string | Value[] | Map<string, Value>;

/** Where a value was defined: environment, source range and document path. */
export interface Def {
  env: string;
  range: Range;
  path: string;
}

export class Value {
  unknown = false;
  secret = false;
  rotateOnly = false;
  final = false;
  base?: Value;
  /** the expression that produced this value (for the base expressions editors show) */
  expr?: EvalExpr;
  /** set on unknowns synthesized by looking up a property of an unknown value */
  synth?: { receiver: Def; accessors: string[]; range: Range };
  constructor(
    public repr: Repr,
    public schema: Schema,
    public def: Def,
  ) {}
}

export function isMap(r: Repr): r is Map<string, Value> {
  return r instanceof Map;
}

export function unknownValue(schema: Schema, def: Def): Value {
  const v = new Value(null, schema, def);
  v.unknown = true;
  return v;
}

/** Own keys ∪ the base chain's keys, sorted; an unknown or non-object in the chain ends it. */
export function keysOf(v: Value): string[] {
  if (!isMap(v.repr) || v.unknown) return [];
  if (!v.base) return [...v.repr.keys()].sort();
  const set = new Set(v.repr.keys());
  let b: Value | undefined = v.base;
  for (let i = 0; b && i < 4096 && isMap(b.repr) && !b.unknown; i++, b = b.base) {
    for (const k of b.repr.keys()) set.add(k);
  }
  return [...set].sort();
}

/**
 * Every merged property of a known object, sorted by key: what `keysOf` and `propertyOf` give
 * together, in one walk of the base chain instead of one walk per key.
 */
export function propertiesOf(v: Value): [string, Value][] {
  if (!isMap(v.repr) || v.unknown) return [];
  if (!v.base) return [...v.repr].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged = new Map(v.repr);
  let b: Value | undefined = v.base;
  for (let i = 0; b && i < 4096 && isMap(b.repr) && !b.unknown; i++, b = b.base) {
    for (const [k, p] of b.repr) if (!merged.has(k)) merged.set(k, p);
  }
  return [...merged].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * Own property, then the base chain. For an unknown receiver the result is a synthesized
 * unknown defined at `at` (the key or value asking), as the reference's property lookup does.
 */
export function propertyOf(v: Value, k: string, at?: Def, depth = 0): Value | undefined {
  let cur: Value | undefined = v;
  for (let i = 0; cur && i < 4096; i++, cur = cur.base) {
    if (cur.unknown) {
      const u = unknownValue(schemaProperty(cur.schema, k), at ?? cur.def);
      u.secret = cur.secret;
      u.synth = {
        receiver: cur.synth?.receiver ?? cur.def,
        accessors: [...(cur.synth?.accessors ?? []), k],
        range: cur.synth?.range ?? u.def.range,
      };
      const b = cur.base && depth < 512 ? propertyOf(cur.base, k, at, depth + 1) : undefined;
      if (b) u.base = b;
      return u;
    }
    if (!isMap(cur.repr)) return undefined;
    const own = cur.repr.get(k);
    if (own) return own;
  }
  return undefined;
}

/** "is an object" for base continuation: a known map, or unknown typed Always/object. */
export function isObjectLike(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.unknown) return v.schema === true || (typeof v.schema === "object" && v.schema.type === "object");
  return isMap(v.repr);
}

/** Deep copy including the base chain; shared nodes stay shared (one copy per node). */
export function copyValue(v: Value, memo = new Map<Value, Value>(), depth = 0): Value {
  const seen = memo.get(v);
  if (seen) return seen;
  const c = new Value(null, v.schema, v.def);
  memo.set(v, c);
  const repr = v.repr;
  if (depth > 1000) c.repr = repr;
  else if (Array.isArray(repr)) c.repr = repr.map((e) => copyValue(e, memo, depth + 1));
  else if (isMap(repr)) {
    const m = new Map<string, Value>();
    for (const [k, e] of repr) m.set(k, copyValue(e, memo, depth + 1));
    c.repr = m;
  } else c.repr = repr;
  c.unknown = v.unknown;
  c.secret = v.secret;
  c.rotateOnly = v.rotateOnly;
  c.final = v.final;
  c.expr = v.expr;
  c.synth = v.synth;
  if (v.base && depth <= 1000) c.base = copyValue(v.base, memo, depth + 1);
  return c;
}

function chainContains(start: Value, v: Value): boolean {
  let i = 0;
  for (let b: Value | undefined = start; b && i < 4096; b = b.base, i++) if (b === v) return true;
  return false;
}

/**
 * Merges `v` over `base` in place (the reference's value.merge): base appended at the end of
 * v's chain, then each own property merged over the same key looked up through v's new chain.
 * Trace chains may repeat entries, as the reference's do.
 */
export function mergeValue(v: Value, base: Value | undefined, depth = 0): void {
  if (!base || v === base || depth > 256 || chainContains(base, v)) return;
  if (v.base) mergeValue(v.base, base, depth + 1);
  else v.base = base;
  if (isMap(v.repr) && !v.unknown) {
    for (const [k, p] of v.repr) {
      const bp = propertyOf(v.base!, k, p.def);
      if (bp) mergeValue(p, bp, depth + 1);
    }
  }
}

/**
 * Schema of a merged value: records list the merged keys (the reference's mergedSchema).
 * Object schemas inherited from a base are rebuilt as records, as the reference's merge does.
 */
export function mergedSchemaOf(v: Value, depth = 0): Schema {
  if (v.unknown || !isMap(v.repr) || depth > 256) return v.schema;
  const props: Record<string, Schema> = {};
  for (const k of keysOf(v)) {
    const p = propertyOf(v, k)!;
    const s = mergedSchemaOf(p, depth + 1);
    setOwn(props, k, v.repr.has(k) ? s : recordize(s, depth + 1));
  }
  return recordOf(props);
}

function recordize(s: Schema, depth: number): Schema {
  if (typeof s !== "object" || s.type !== "object" || !s.properties || depth > 256) return s;
  const props: Record<string, Schema> = {};
  for (const [k, p] of Object.entries(s.properties)) setOwn(props, k, recordize(p, depth + 1));
  return recordOf(props);
}

export function containsUnknown(v: Value, depth = 0): boolean {
  if (v.unknown) return true;
  if (depth > 1000) return false;
  if (Array.isArray(v.repr)) return v.repr.some((e) => containsUnknown(e, depth + 1));
  if (isMap(v.repr)) for (const [, p] of propertiesOf(v)) if (containsUnknown(p, depth + 1)) return true;
  return false;
}

export function containsSecret(v: Value, depth = 0): boolean {
  if (v.secret) return true;
  if (depth > 1000) return false;
  if (Array.isArray(v.repr)) return v.repr.some((e) => containsSecret(e, depth + 1));
  if (isMap(v.repr)) for (const [, p] of propertiesOf(v)) if (containsSecret(p, depth + 1)) return true;
  return false;
}

/** Flags every leaf (and container) secret, as the reference's MakeSecret. */
export function makeSecret(v: Value, depth = 0): void {
  v.secret = true;
  if (depth > 1000) return;
  if (Array.isArray(v.repr)) for (const e of v.repr) makeSecret(e, depth + 1);
  else if (isMap(v.repr)) for (const e of v.repr.values()) makeSecret(e, depth + 1);
}

/** Builds a value (with literal-style schemas) from plain JSON. */
export function valueFromJson(j: unknown, def: Def, depth = 0): Value {
  if (j === null || j === undefined) return new Value(null, nullSchema(), def);
  if (typeof j === "boolean") return new Value(j, { type: "boolean", const: j }, def);
  if (typeof j === "number") return new Value(new NumberText(String(j)), { type: "number", const: j }, def);
  if (j instanceof NumberText) return new Value(j, { type: "number", const: Number(j.text) }, def);
  if (typeof j === "string") return new Value(j, { type: "string", const: j }, def);
  if (depth > 1000) return unknownValue(Always, def);
  if (Array.isArray(j)) {
    const items = j.map((e) => valueFromJson(e, def, depth + 1));
    return new Value(items, tupleOf(items.map((e) => e.schema)), def);
  }
  const m = new Map<string, Value>();
  const props: Record<string, Schema> = {};
  for (const [k, e] of Object.entries(j as Record<string, unknown>)) {
    const ev = valueFromJson(e, def, depth + 1);
    m.set(k, ev);
    setOwn(props, k, ev.schema);
  }
  return new Value(m, recordOf(props), def);
}

/** Plain JSON of a known value with every secret revealed (numbers as JS numbers). */
export function plainJson(v: Value, depth = 0): Json {
  const r = v.repr;
  if (depth > 1000) return null;
  if (r === null || typeof r === "boolean" || typeof r === "string") return r;
  if (r instanceof NumberText) return Number(r.text);
  if (Array.isArray(r)) return r.map((e) => plainJson(e, depth + 1));
  const o: Record<string, Json> = {};
  for (const [k, p] of propertiesOf(v)) setOwn(o, k, plainJson(p, depth + 1));
  return o;
}
