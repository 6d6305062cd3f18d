import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { inlineString, literalAllowed } from "./scalar-style";

describe("inlineString (go-yaml's choices)", () => {
  it.each([
    ["hello", "hello"],
    ["hello world", "hello world"],
    ["", '""'],
    ["true", '"true"'],
    ["yes", '"yes"'],
    ["n", '"n"'],
    ["null", '"null"'],
    ["~", '"~"'],
    ["42", '"42"'],
    ["0x1F", '"0x1F"'],
    ["1.5", '"1.5"'],
    ["1e3", '"1e3"'],
    [".inf", '".inf"'],
    ["1:20", '"1:20"'],
    ["2024-01-01", '"2024-01-01"'],
    ["- x", "'- x'"],
    ["-x", "-x"],
    ["a: b", "'a: b'"],
    ["a:b", "a:b"],
    ["#x", "'#x'"],
    ["x #y", "'x #y'"],
    ["x#y", "x#y"],
    ["it's", "it's"],
    ['"q"', `'"q"'`],
    ["'q'", "'''q'''"],
    [" lead", "' lead'"],
    ["trail ", "'trail '"],
    ["tab\there", '"tab\\there"'],
    ["multi\nline", '"multi\\nline"'],
    ["---", "'---'"],
    ["é", "é"],
    ["${a.b}", "${a.b}"],
    ["@x", "'@x'"],
    ["`x", "'`x'"],
  ])("%j → %s", (s, out) => {
    expect(inlineString(s, false)).toBe(out);
    expect(parse(`k: ${out}`)).toEqual({ k: s });
  });

  it.each([
    ["a,b", "'a,b'"],
    ["[x]", "'[x]'"],
    ["x{y}", "'x{y}'"],
    ["a:b", "'a:b'"],
    ["plain", "plain"],
  ])("flow context: %j → %s", (s, out) => {
    expect(inlineString(s, true)).toBe(out);
    expect(parse(`[${out}]`)).toEqual([s]);
  });
});

describe("literalAllowed", () => {
  it.each([
    ["a\nb", true],
    ["a\nb\n", true],
    ["single", false],
    [" lead\nx", false],
    ["trail \nx", false],
    ["\nfirst empty", false],
    ["ctrl\u0001\nx", false],
  ])("%j → %s", (s, ok) => {
    expect(literalAllowed(s)).toBe(ok);
  });
});
