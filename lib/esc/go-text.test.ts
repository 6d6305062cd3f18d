import { describe, expect, it } from "vitest";
import { goJsonString, goQuote } from "./go-text";

describe("goQuote (strconv.Quote)", () => {
  const table: [string, string][] = [
    ["abc", '"abc"'],
    ['a"b', '"a\\"b"'],
    ["a\\b", '"a\\\\b"'],
    ["line\n", '"line\\n"'],
    ["\x01", '"\\x01"'],
    ["世界", '"世界"'],
    ["\u2028", '"\\u2028"'],
    ["\u{1F600}", '"\u{1F600}"'],
  ];
  it.each(table)("%j", (s, want) => expect(goQuote(s)).toBe(want));
});

describe("goJsonString (encoding/json)", () => {
  const table: [string, string][] = [
    ["<a&b>", '"\\u003ca\\u0026b\\u003e"'],
    ["\u2028", '"\\u2028"'],
    ["tab\t", '"tab\\t"'],
    ["é", '"é"'],
  ];
  it.each(table)("%j", (s, want) => expect(goJsonString(s)).toBe(want));
});
