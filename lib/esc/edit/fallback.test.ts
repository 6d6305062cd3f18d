import { describe, expect, it } from "vitest";
import { EditError } from "./errors";
import { spliceOrReencode } from "./fallback";
import { parseSource } from "./source";
import type { Slot } from "./splice";
import { applyToShape, shapeOf } from "./verify";

const TEXT = "# keep me\nvalues:\n  a: 1 # and me\n  b: [x, y]\n";
const fail = () => new EditError("unsupported", "nope");

function setA(splice: () => string) {
  const src = parseSource(TEXT);
  const map = (src.doc!.contents as unknown as { items: { value: { items: unknown[] } }[] }).items[0].value;
  const slot = { kind: "pair", parent: map, index: 0 } as unknown as Slot;
  const expected = applyToShape(shapeOf(src.doc!.contents), ["values", "a"], 2);
  return spliceOrReencode(src, splice, [{ kind: "set", slot, value: 2 }], expected, fail);
}

describe("spliceOrReencode", () => {
  it("returns the splice when it reads back right", () => {
    expect(setA(() => TEXT.replace("a: 1", "a: 2"))).toBe("# keep me\nvalues:\n  a: 2 # and me\n  b: [x, y]\n");
  });
  it.each([
    ["a wrong splice", () => TEXT.replace("a: 1", "a: 3")],
    ["a broken splice", () => TEXT.replace("a: 1", "a: [")],
    ["an unsupported layout", (): string => { throw new EditError("unsupported", "x"); }],
  ])("re-encodes after %s, keeping comments", (_, splice) => {
    const out = setA(splice);
    expect(out).toContain("# keep me");
    expect(out).toContain("# and me");
    expect(out).toContain("a: 2");
  });
  it("lets other errors through", () => {
    expect(() => setA(() => { throw new EditError("type-mismatch", "x"); })).toThrow("x");
  });
});
