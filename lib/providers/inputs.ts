// Reading provider inputs (EscValue objects the evaluator has already type-checked).
import type { EscValue } from "../esc";

export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };

export function plain(v: EscValue | undefined): Plain | undefined {
  if (!v) return undefined;
  const x = v.value;
  if (x === undefined) return undefined;
  if (Array.isArray(x)) return x.map((e) => plain(e) ?? null);
  if (x !== null && typeof x === "object") {
    const o: { [k: string]: Plain } = {};
    for (const [k, e] of Object.entries(x)) {
      const p = plain(e);
      if (p !== undefined) o[k] = p;
    }
    return o;
  }
  return x;
}

export function asObject(v: Plain | undefined): { [k: string]: Plain } | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

export const asString = (v: Plain | undefined): string | undefined => (typeof v === "string" ? v : undefined);

export const asStrings = (v: Plain | undefined): string[] => (Array.isArray(v) ? v.filter((e): e is string => typeof e === "string") : []);


/** Output helpers: a string leaf, optionally secret. */
export const out = (value: string, secret = false): EscValue => (secret ? { value, secret: true } : { value });
