// Random documents for the property tests: JSON-shaped trees serialized with random flow/block
// choices, quoting, indentation and comments (marked cmtN so tests can look for them).

import fc from "fast-check";
import { Document, isCollection, isScalar, parse, Scalar, visit } from "yaml";
import type { EditValue } from "../lib/esc/edit/render-value";

export type Json = EditValue;

export const keyArb = fc.constantFrom("a", "b", "c-d", "fn::x", "with space", "dotted.key", 'quo"te', "123", "true", "", "#hash", "x: y", "é", "n", "k");
export const strArb = fc.oneof(
  fc.constantFrom("", "plain", "two words", "true", "42", "multi\nline", "trail\n", " lead", "it's", "a: b", "[x]", "#c", "tab\there", "${ref}", "é 🔑", "- x", "null", "x,y"),
  fc.string({ maxLength: 8 }),
  fc.string({ maxLength: 4, unit: "grapheme" }),
);
export const scalarArb: fc.Arbitrary<Json> = fc.oneof(strArb, fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(1.5, -0.25, 1e21));
export const { value: valueArb } = fc.letrec<{ value: Json; arr: Json[]; obj: { [k: string]: Json } }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalarArb, tie("arr"), tie("obj")),
  arr: fc.array(tie("value"), { maxLength: 3 }),
  obj: fc.dictionary(keyArb, tie("value"), { maxKeys: 3 }),
}));
export const rootArb = fc.dictionary(keyArb, valueArb, { minKeys: 1, maxKeys: 4 });

export interface Layout {
  seed: number;
  indent: number;
  indentSeq: boolean;
}
export const layoutArb: fc.Arbitrary<Layout> = fc.record({ seed: fc.integer(), indent: fc.integer({ min: 2, max: 4 }), indentSeq: fc.boolean() });

/** Serializes `root` with random styles and comments marked `cmtN`; null if it does not read back. */
export function render(root: Json, layout: Layout): { text: string; comments: string[] } | null {
  let s = layout.seed | 0;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return ((s >>> 16) & 0x7fff) % n;
  };
  const doc = new Document(root);
  const comments: string[] = [];
  const mark = () => {
    const c = `cmt${comments.length}`;
    comments.push(c);
    return " " + c;
  };
  visit(doc, {
    Node(key, node) {
      if (isCollection(node) && node !== doc.contents && rnd(3) === 0) node.flow = true;
      if (isScalar(node) && typeof node.value === "string") {
        // block-scalar keys (`? |-`) are legal but no one writes them in an environment
        const styles = [Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE, Scalar.BLOCK_LITERAL] as const;
        node.type = styles[rnd(key === "key" ? 3 : 4)];
      }
      if (rnd(5) === 0) node.commentBefore = mark();
      if (rnd(5) === 0) node.comment = mark();
    },
  });
  if (rnd(3) === 0) doc.commentBefore = mark();
  let text: string;
  try {
    text = doc.toString({ indent: layout.indent, indentSeq: layout.indentSeq, lineWidth: 0 });
  } catch {
    return null;
  }
  let back: unknown;
  try {
    back = parse(text);
  } catch {
    return null;
  }
  if (JSON.stringify(back) !== JSON.stringify(root)) return null;
  const kept = comments.filter((c) => text.includes(c));
  return { text, comments: kept };
}

