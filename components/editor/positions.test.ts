import { describe, expect, it } from "vitest";
import { utf16OffsetOfCodePoint } from "./positions";

describe("code point → UTF-16 columns", () => {
  it.each([
    ["abc", 2, 2],
    ["é😀x", 2, 3],
    ["😀😀", 1, 2],
    ["ab", 9, 2],
  ])("%s at %i", (text, cps, expected) => {
    expect(utf16OffsetOfCodePoint(text, cps)).toBe(expected);
  });
});
