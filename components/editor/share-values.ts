// Structural sharing between consecutive live checks. A check arrives from the worker as a fresh
// copy of everything; keeping the previous objects wherever nothing changed lets the values pane
// (memoised per row) and the markers skip all but what a keystroke actually changed.
import type { LiveCheck } from "./live-check-protocol";

/** `next`, with every part deep-equal to the same part of `prev` replaced by `prev`'s object. */
export function shareEqual<T>(prev: unknown, next: T): T {
  if (prev === next || typeof next !== "object" || next === null || typeof prev !== "object" || prev === null) {
    return Object.is(prev, next) ? (prev as T) : next;
  }
  if (Array.isArray(next)) {
    if (!Array.isArray(prev)) return next;
    let same = prev.length === next.length;
    const out = next.map((x, i) => {
      const v = shareEqual(prev[i], x);
      if (!Object.is(v, prev[i])) same = false;
      return v;
    });
    return (same ? prev : out) as T;
  }
  if (Array.isArray(prev) || Object.getPrototypeOf(next) !== Object.prototype || Object.getPrototypeOf(prev) !== Object.prototype) return next;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const keys = Object.keys(n);
  let same = keys.length === Object.keys(p).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = Object.prototype.hasOwnProperty.call(p, k) ? shareEqual(p[k], n[k]) : n[k];
    if (!Object.is(v, p[k]) || !Object.prototype.hasOwnProperty.call(p, k)) same = false;
    // defineProperty: a key such as "__proto__" is data here, never a prototype
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return (same ? prev : out) as T;
}

/** The new check, sharing unchanged values, schema and diagnostics with the previous one. */
export function withSharedValues(prev: LiveCheck | null, next: LiveCheck): LiveCheck {
  if (!prev) return next;
  return {
    ...next,
    properties: shareEqual(prev.properties, next.properties),
    schema: shareEqual(prev.schema, next.schema),
    diagnostics: shareEqual(prev.diagnostics, next.diagnostics),
  };
}
