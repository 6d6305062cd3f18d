import { describe, expect, it } from "vitest";
import { formatAccess, parseTemplate } from "./interpolation";
import type { Diagnostic } from "./diagnostics";
import type { StringNode } from "./syntax";

function node(value: string): StringNode {
  return { kind: "string", value, path: "v", range: { start: { line: 1, column: 1, byte: 0 }, end: { line: 1, column: 1, byte: 0 } } };
}

function parse(s: string) {
  const diags: Diagnostic[] = [];
  const parts = parseTemplate(node(s), diags);
  return {
    parts: parts.map((p) => (p.access ? `${p.text}|${formatAccess(p.access.accessors)}` : p.text)),
    diags: diags.map((d) => d.summary),
  };
}

describe("parseTemplate", () => {
  const table: [string, string[], string[]][] = [
    ["plain", ["plain"], []],
    ["a$$b", ["a$b"], []],
    ["$", ["$"], []],
    ["${a.b}", ["|a.b"], []],
    ["x ${a[0]} y", ["x |a[0]", " y"], []],
    ['${a["b.c"]}', ['|a["b.c"]'], []],
    ['${a["q\\"x"]}', ['|a["q\\"x"]'], []],
    ["${34.bad}", ["|34.bad"], []],
    ["${}", ["|"], []],
    ["${", ["|"], ["missing closing brace '}' in interpolation"]],
    ["${foo.", ["|foo."], ["property name must not be empty", "missing closing brace '}' in interpolation"]],
    ["${a[x]}", ['|a["x"]'], ["numeric subscript must be a positive base-10 integer"]],
    ["${[2]}", ["|[2]"], ["the first accessor must be a property name or key subscript, not a numeric subscript"]],
    ['${a[""]}', ['|a[""]'], ["key subscript must not be empty"]],
    ["${a b}", ["|a", " b}"], ["missing closing brace '}' in interpolation"]],
    ["$${a}", ["${a}"], []],
  ];
  it.each(table)("%s", (input, parts, diags) => {
    const r = parse(input);
    expect(r.parts).toEqual(parts);
    expect(r.diags).toEqual(diags);
  });
});
