// When an in-place splice cannot be trusted (its self-check failed, or the layout is one we do
// not splice into), the edit is made on the parsed document instead and the whole text is
// re-encoded. Comments survive that (the parser keeps them on nodes) but spacing and some
// quoting may not, so this is a last resort. The result is checked like a splice.

import { Document, isMap, isNode, isPair, isSeq } from "yaml";
import { EditError, isEditError } from "./errors";
import type { EditValue } from "./render-value";
import { indentStep, parseSource, type Source } from "./source";
import type { Slot } from "./splice";
import { sameShape, shapeOf, type Shape } from "./verify";

function matches(text: string, expected: Shape): boolean {
  try {
    return sameShape(shapeOf(parseSource(text).doc?.contents ?? null), expected);
  } catch {
    return false;
  }
}

export type Mutation =
  | { kind: "set"; slot: Slot; value: EditValue }
  | { kind: "add"; parent: Slot; key: string | null; value: EditValue }
  | { kind: "remove"; slot: Slot };

/**
 * Runs `splice` and returns its text when it reads back as `expected`; otherwise applies the
 * mutations to the parsed document and re-encodes it. `unsupported` errors from the splice
 * step lead to the fallback; any other error propagates.
 */
export function spliceOrReencode(src: Source, splice: () => string, mutations: Mutation[], expected: Shape, failure: () => EditError): string {
  try {
    const out = splice();
    if (matches(out, expected)) return out;
  } catch (e) {
    if (!isEditError(e) || e.code !== "unsupported") throw e;
  }
  const doc = src.doc ?? new Document(null);
  for (const m of mutations) mutate(doc, m);
  let out: string;
  try {
    out = doc.toString({ indent: indentStep(src.text, src.doc), lineWidth: 0, flowCollectionPadding: false });
  } catch {
    throw failure();
  }
  if (src.text.includes("\r\n")) out = out.replace(/\n/g, "\r\n");
  if (!matches(out, expected)) throw failure();
  return out;
}

function mutate(doc: Document, m: Mutation): void {
  if (m.kind === "set") {
    const node = doc.createNode(m.value);
    const keep = (old: unknown) => {
      // the old value's own comments (`key: old # note`) stay with the new value
      if (isNode(old)) {
        node.commentBefore = old.commentBefore;
        node.comment = old.comment;
        node.spaceBefore = old.spaceBefore;
      }
    };
    if (m.slot.kind === "root") {
      keep(doc.contents);
      doc.contents = node;
    } else {
      const item = m.slot.parent.items[m.slot.index];
      if (isPair(item)) {
        keep(item.value);
        item.value = node;
      } else {
        keep(item);
        (m.slot.parent.items as unknown[])[m.slot.index] = node;
      }
    }
    return;
  }
  if (m.kind === "remove") {
    if (m.slot.kind === "root") doc.contents = null;
    else (m.slot.parent.items as unknown[]).splice(m.slot.index, 1);
    return;
  }
  const target = m.parent.kind === "root" ? doc.contents : (() => {
    const item = m.parent.parent.items[m.parent.index];
    return isPair(item) ? item.value : item;
  })();
  if (isMap(target) && m.key !== null) target.items.push(doc.createPair(m.key, m.value));
  else if (isSeq(target) && m.key === null) target.items.push(doc.createNode(m.value));
  else throw new EditError("unsupported", "the edit does not fit the document's structure");
}
