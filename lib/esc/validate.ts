// Type checking of values against schemas, with the reference's messages (eval/eval_validate.go,
// LANGUAGE.md §11). Known values are checked by content, with errors at the defining expression
// of each offending sub-value; unknown values are checked schema-against-schema.

import { goJsonPlain } from "./go-text";
import { getOwn } from "./own";
import { compilePattern, patternFinds } from "./regex";
import { resolveRef, type Json, type Schema, type SchemaObject } from "./schema";
import { isMap, keysOf, NumberText, plainJson, propertyOf, type Def, type Value } from "./value";

export type Emit = (summary: string, def: Def) => void;

function typeOf(v: Value): string {
  const r = v.repr;
  if (r === null) return "null";
  if (typeof r === "boolean") return "boolean";
  if (r instanceof NumberText) return "number";
  if (typeof r === "string") return "string";
  return Array.isArray(r) ? "array" : "object";
}

function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (typeof a !== "object" || Array.isArray(b)) return false;
  const bo = b as Record<string, Json>;
  const ak = Object.keys(a);
  return ak.length === Object.keys(bo).length && ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(a[k], bo[k]));
}

function numText(n: number): string {
  return String(n);
}

function collect(fn: (emit: Emit) => boolean): { ok: boolean; diags: [string, Def][] } {
  const diags: [string, Def][] = [];
  const ok = fn((s, d) => diags.push([s, d]));
  return { ok: ok && diags.length === 0, diags };
}

/** Validates a value; returns true when it conforms. `root` resolves `$ref`s. */
export function validateValue(v: Value, schema: Schema, root: Schema, emit: Emit, depth = 0): boolean {
  const s = resolveRef(schema, root);
  if (s === true) return true;
  if (v.unknown) return validateSchemaType(v.schema, s, root, v.def, "", emit, depth);
  if (s === false) {
    emit("expected nothing", v.def);
    return false;
  }
  if (depth > 256) return true;
  let ok = true;
  const fail = (msg: string) => {
    emit(msg, v.def);
    ok = false;
  };
  const unions = (list: Schema[], one: boolean) => {
    const results = list.map((b) => collect((e) => validateValue(v, b, root, e, depth + 1)));
    const passing = results.filter((r) => r.ok).length;
    if (passing === 0) {
      for (const r of results) for (const [m, d] of r.diags) emit(m, d);
      fail(one ? "exactly one subschema must match" : "at least one subschema must match");
    } else if (one && passing > 1) fail("exactly one subschema may match");
  };
  if (s.anyOf) unions(s.anyOf, false);
  if (s.oneOf) unions(s.oneOf, true);
  const t = typeOf(v);
  if (s.type && s.type !== t && !(s.type === "integer" && t === "number")) fail(`expected ${s.type}, got ${t}`);
  const json = s.const !== undefined || s.enum ? plainJson(v) : null;
  if (s.const !== undefined && !jsonEqual(json, s.const)) fail(`expected ${goJsonPlain(s.const)}`);
  if (s.enum && !s.enum.some((e) => jsonEqual(json, e))) fail(`expected one of ${goJsonPlain(s.enum)}`);
  const r = v.repr;
  if (r instanceof NumberText) checkNumber(Number(r.text), s, fail);
  else if (typeof r === "string") checkString(r, s, fail);
  else if (Array.isArray(r)) {
    if (s.minItems !== undefined && r.length < s.minItems) fail(`expected an array with at least ${s.minItems} items`);
    if (s.maxItems !== undefined && r.length > s.maxItems) fail(`expected an array with at most ${s.maxItems} items`);
    r.forEach((e, i) => {
      let es: Schema = true;
      if (s.prefixItems) es = i < s.prefixItems.length ? s.prefixItems[i] : true;
      else if (s.items !== undefined) es = s.items;
      if (!validateValue(e, es, root, emit, depth + 1)) ok = false;
    });
  } else if (isMap(r)) {
    const keys = keysOf(v);
    if (s.minProperties !== undefined && keys.length < s.minProperties) {
      fail(`expected an object with at least ${s.minProperties} properties`);
    }
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) {
      fail(`expected an object with at most ${s.maxProperties} properties`);
    }
    const have = new Set(keys);
    const missing = (s.required ?? []).filter((k) => !have.has(k));
    if (missing.length) fail(`missing required properties: ${missing.join(", ")}`);
    for (const [k, deps] of Object.entries(s.dependentRequired ?? {})) {
      if (!have.has(k)) continue;
      const m = deps.filter((d) => !have.has(d));
      if (m.length) fail(`missing required properties: ${m.join(", ")}`);
    }
    for (const k of keys) {
      let ps: Schema = true;
      if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, k)) ps = s.properties[k];
      else if (s.additionalProperties !== undefined) ps = s.additionalProperties;
      if (!validateValue(propertyOf(v, k)!, ps, root, emit, depth + 1)) ok = false;
    }
  }
  return ok;
}

function checkNumber(n: number, s: SchemaObject, fail: (m: string) => void): void {
  if (s.multipleOf !== undefined && s.multipleOf !== 0) {
    const q = n / s.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) fail(`expected a multiple of ${numText(s.multipleOf)}`);
  }
  if (s.minimum !== undefined && n < s.minimum) fail(`expected a number greater than or equal to ${numText(s.minimum)}`);
  if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) {
    fail(`expected a number greater than ${numText(s.exclusiveMinimum)}`);
  }
  // the reference's message has no space before the number
  if (s.maximum !== undefined && n > s.maximum) fail(`expected a number less than or equal to${numText(s.maximum)}`);
  if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) {
    fail(`expected a number less than ${numText(s.exclusiveMaximum)}`);
  }
}

function checkString(str: string, s: SchemaObject, fail: (m: string) => void): void {
  const len = [...str].length;
  if (s.minLength !== undefined && len < s.minLength) fail(`expected a string of at least length ${s.minLength}`);
  if (s.maxLength !== undefined && len > s.maxLength) fail(`expected a string of at most length ${s.maxLength}`);
  if (s.pattern !== undefined) {
    // an invalid pattern was already reported by fn::validate; it constrains nothing here
    const c = compilePattern(s.pattern);
    if (c.ok && !patternFinds(c.re, str)) fail(`string must match the pattern ${goJsonPlain(s.pattern)}`);
  }
}

/** Schema-against-schema check for unknown values; messages get a `<relative path>: ` prefix. */
export function validateSchemaType(
  have: Schema,
  want: Schema,
  root: Schema,
  def: Def,
  prefix: string,
  emit: Emit,
  depth = 0,
): boolean {
  const w = resolveRef(want, root);
  const h = resolveRef(have, root);
  if (w === true || h === true || depth > 64) return true;
  if (h === false) return true;
  if (w === false) {
    emit(`${prefix}expected nothing`, def);
    return false;
  }
  const branches = w.anyOf ?? w.oneOf;
  let ok = true;
  if (branches) {
    const results = branches.map((b) => collect((e) => validateSchemaType(h, b, root, def, prefix, e, depth + 1)));
    if (!results.some((r) => r.ok)) {
      for (const r of results) for (const [m, d] of r.diags) emit(m, d);
      emit(`${prefix}at least one subschema must match`, def);
      ok = false;
    }
  }
  if (!w.type || !h.type) return ok;
  if (w.type !== h.type) {
    emit(`${prefix}expected ${w.type}, got ${h.type}`, def);
    return false;
  }
  if (w.type === "object") {
    const hreq = new Set(h.required ?? []);
    for (const r of w.required ?? []) {
      if (!hreq.has(r)) {
        emit(`${prefix}${r}: missing required property`, def);
        ok = false;
      }
    }
    for (const [k, deps] of Object.entries(w.dependentRequired ?? {})) {
      if (!hreq.has(k)) continue;
      for (const d of deps) {
        if (!hreq.has(d)) {
          emit(`${prefix}${d}: missing required property`, def);
          ok = false;
        }
      }
    }
    for (const [k, ws] of Object.entries(w.properties ?? {})) {
      const hs = getOwn(h.properties, k);
      if (hs === undefined) continue;
      if (!validateSchemaType(hs, ws, root, def, `${prefix}${k}: `, emit, depth + 1)) ok = false;
    }
  } else if (w.type === "array" && h.prefixItems) {
    h.prefixItems.forEach((hs, i) => {
      const ws = w.prefixItems ? w.prefixItems[i] ?? true : w.items ?? true;
      if (!validateSchemaType(hs, ws, root, def, `${prefix}[${i}]: `, emit, depth + 1)) ok = false;
    });
  } else if (w.type === "array" && h.items !== undefined && w.items !== undefined) {
    if (!validateSchemaType(h.items, w.items, root, def, `${prefix}[*]: `, emit, depth + 1)) ok = false;
  }
  return ok;
}
