// Schema patterns: RE2 semantics (linear time, Go's syntax and error wording), diagnostics placed
// on the offending pattern.

import { describe, expect, it } from "vitest";
import { checkEnvironment, loadEnvironment } from "./index";

async function check(text: string) {
  const load = loadEnvironment("root", text);
  const r = await checkEnvironment({ name: "root", env: load.env });
  return [...load.diagnostics, ...r.diagnostics];
}

const validate = (pattern: string, value: string) =>
  `values:\n  v:\n    fn::validate:\n      schema: {type: string, pattern: ${JSON.stringify(pattern)}}\n      value: ${JSON.stringify(value)}\n`;

describe("fn::validate pattern", () => {
  it("matches catastrophic-backtracking patterns in linear time", async () => {
    // with a backtracking engine this is 2^33 steps; the result is what is asserted
    expect((await check(validate("^(a+)+$", "a".repeat(33) + "!"))).map((d) => d.summary)).toEqual([
      'string must match the pattern "^(a+)+$"',
    ]);
    expect(await check(validate("^(a+)+$", "a".repeat(33)))).toEqual([]);
  });

  it.each([
    ["(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"],
    ["(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"],
    ["(?!a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`"],
    ["(?<=a)b", "error parsing regexp: invalid named capture: `(?<=a)b`"],
    ["a++", "error parsing regexp: invalid nested repetition operator: `++`"],
  ])("refuses %s as RE2 does, at the pattern", async (pattern, message) => {
    const text = validate(pattern, "x");
    const diags = await check(text);
    expect(diags.map((d) => d.summary)).toEqual([`invalid schema: ${message}`]);
    const r = diags[0].range!;
    const line = text.split("\n")[r.start.line - 1];
    // the range starts at the pattern's scalar, not at the fn::validate
    expect(line.slice(r.start.column - 1).startsWith(JSON.stringify(pattern))).toBe(true);
    expect(r.start.line).toBe(4);
  });

  it("finds patterns in nested schemas", async () => {
    const text = "values:\n  v:\n    fn::validate:\n      schema: {type: object, properties: {a: {anyOf: [{pattern: '(?=x)'}]}}}\n      value: {a: y}\n";
    expect((await check(text)).map((d) => d.summary)).toEqual(["invalid schema: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"]);
  });

  it("is unanchored and Unicode-aware like Go's MatchString", async () => {
    expect(await check(validate("b", "abc"))).toEqual([]);
    expect(await check(validate("^.$", "😀"))).toEqual([]);
    expect(await check(validate("\\p{Greek}", "λ"))).toEqual([]);
    expect((await check(validate("^b", "abc"))).map((d) => d.summary)).toEqual(['string must match the pattern "^b"']);
  });
});
