import { describe, expect, it } from "vitest";
import { shareEqual, withSharedValues } from "./share-values";
import { checkDebounceMs, MAX_CHECK_DEBOUNCE_MS } from "./check-schedule";
import type { LiveCheck } from "./live-check-protocol";

const v = (value: unknown) => ({ value, trace: { def: { line: 1 } } });

describe("shareEqual", () => {
  it("keeps the previous object for every unchanged part", () => {
    const prev = { a: v("x"), b: v({ c: v(1), d: v([v(true)]) }) };
    const next = structuredClone(prev);
    expect(shareEqual(prev, next)).toBe(prev);
  });
  it("replaces only the path that changed", () => {
    const prev = { a: v("x"), b: v({ c: v(1), d: v(2) }) };
    const next = structuredClone(prev);
    (next.b.value as { c: { value: number } }).c.value = 3;
    const out = shareEqual(prev, next);
    expect(out).not.toBe(prev);
    expect(out).toEqual(next);
    expect(out.a).toBe(prev.a);
    expect((out.b.value as Record<string, unknown>).d).toBe((prev.b.value as Record<string, unknown>).d);
    expect((out.b.value as Record<string, unknown>).c).not.toBe((prev.b.value as Record<string, unknown>).c);
  });
  it("notices added, removed and reordered entries", () => {
    expect(shareEqual({ a: 1 }, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(shareEqual({ a: 1, b: 2 }, { a: 1 })).toEqual({ a: 1 });
    const prev = [1, 2];
    expect(shareEqual(prev, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(shareEqual(prev, [2, 1])).toEqual([2, 1]);
    expect(shareEqual({ a: undefined }, { b: undefined })).toEqual({ b: undefined });
    expect(shareEqual([1], { 0: 1 })).toEqual({ 0: 1 });
    expect(shareEqual({ 0: 1 }, [1])).toEqual([1]);
  });
  it("treats NaN as equal to NaN and null as a value", () => {
    const prev = { n: NaN, z: null };
    expect(shareEqual(prev, { n: NaN, z: null })).toBe(prev);
    expect(shareEqual(prev, { n: NaN, z: 0 })).toEqual({ n: NaN, z: 0 });
  });
  it("keeps a __proto__ key as data", () => {
    const next = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const out = shareEqual({ a: 2 }, next) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("shares a whole live check's values, schema and diagnostics", () => {
    const prev: LiveCheck = { properties: { a: v("x") as never }, schema: { type: "object" }, diagnostics: [{ severity: "warning", summary: "w" }], ms: 3 };
    const next: LiveCheck = structuredClone({ ...prev, ms: 4 });
    const out = withSharedValues(prev, next);
    expect(out.properties).toBe(prev.properties);
    expect(out.schema).toBe(prev.schema);
    expect(out.diagnostics).toBe(prev.diagnostics);
    expect(out.ms).toBe(4);
    expect(withSharedValues(null, next)).toBe(next);
  });
});

describe("checkDebounceMs", () => {
  it("waits about as long as the last check took, within 0..60 ms", () => {
    expect(checkDebounceMs(undefined)).toBe(MAX_CHECK_DEBOUNCE_MS);
    expect(checkDebounceMs(NaN)).toBe(MAX_CHECK_DEBOUNCE_MS);
    expect(checkDebounceMs(2.4)).toBe(2);
    expect(checkDebounceMs(25)).toBe(25);
    expect(checkDebounceMs(900)).toBe(MAX_CHECK_DEBOUNCE_MS);
    expect(checkDebounceMs(-1)).toBe(0);
  });
});
