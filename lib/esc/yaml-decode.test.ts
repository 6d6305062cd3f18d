import { describe, expect, it } from "vitest";
import { decodeYAML } from "./yaml-decode";
import type { SyntaxNode } from "./syntax";

function value(text: string): SyntaxNode {
  const r = decodeYAML("doc", text);
  expect(r.diagnostics).toEqual([]);
  const n = r.node!;
  if (n.kind !== "object") throw new Error("not an object");
  return n.entries[0].value;
}

const span = (n: SyntaxNode) =>
  `${n.range.start.line}:${n.range.start.column}(${n.range.start.byte})-${n.range.end.line}:${n.range.end.column}(${n.range.end.byte})`;

describe("decodeYAML ranges (go-yaml quirks, LANGUAGE.md §2)", () => {
  const table: [string, string, string, unknown][] = [
    ["plain", "k: hello\n", "1:4(3)-1:9(8)", "hello"],
    ["quotes not counted", 'k: "${x}"\n', "1:4(3)-1:8(7)", "${x}"],
    ["literal block", "k: |\n  a\n  b\n", "1:4(3)-3:4(12)", "a\nb\n"],
    ["folded block", "k: >\n  a\n  b\n", "1:4(3)-1:8(7)", "a b\n"],
    ["core tag", "k: !!str 5\n", "1:4(3)-1:11(10)", "5"],
    ["custom tag is a string", "k: !t null\n", "1:4(3)-1:11(10)", "null"],
    ["multibyte end walks to the line end", "k: ø\n", "1:4(3)-1:6(5)", "ø"],
    ["no trailing newline: byte 0", "k: v", "1:4(0)-1:5(0)", "v"],
    ["empty flow map ends at start", "k: {}\n", "1:4(3)-1:4(3)", undefined],
  ];
  it.each(table)("%s", (_n, text, want, literal) => {
    const v = value(text);
    expect(span(v)).toBe(want);
    if (literal !== undefined) expect(v.kind === "string" ? v.value : undefined).toBe(literal);
  });

  it("rejects aliases with the alias name's range", () => {
    const r = decodeYAML("doc", "a: &x 1\nb: *x\n");
    expect(r.diagnostics.map((d) => [d.summary, d.range?.start.column, d.range?.end.column])).toEqual([
      ["alias nodes are not supported", 4, 5],
    ]);
  });

  it("requires string keys", () => {
    expect(decodeYAML("doc", "34: x\n").diagnostics.map((d) => d.summary)).toEqual(["mapping keys must be strings"]);
  });

  it("reports a syntax error at its own line, with a range the editor can underline", () => {
    const lines = ["values:", ...Array.from({ length: 13 }, (_, i) => `  k${i + 1}: v`), "  a: b: c"];
    const [d] = decodeYAML("doc", lines.join("\n") + "\n").diagnostics;
    expect(d.summary).toMatch(/^yaml: line 15: /);
    expect([d.range?.filename, d.range?.start.line, d.range?.start.column, d.range?.end.line]).toEqual(["doc", 15, 6, 15]);
    const [tab] = decodeYAML("doc", "values:\n\ta: 1\n").diagnostics;
    expect([tab.summary, tab.range?.start.line, tab.range?.start.column, tab.range?.end.column]).toEqual(["yaml: line 2: Tabs are not allowed as indentation", 2, 1, 2]);
  });
});
