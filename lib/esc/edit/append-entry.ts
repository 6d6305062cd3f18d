// Adding an entry after a collection's last one, in the collection's own style and column.

import { isMap } from "yaml";
import { joinBlockText, renderAfterDash, renderAfterKey, renderFlow, renderKey, type BlockText, type EditValue } from "./render-value";
import { column, isFlow, itemEnd, itemStarts, lineEnd, nextLineStart, unsupported, type Collection, type Source } from "./source";
import type { Splice } from "./splice";

/** Adds `key: value` to a mapping, or `value` to a sequence (key null), after its last entry. */
export function appendSplice(src: Source, coll: Collection, key: string | null, value: EditValue, step: number): Splice {
  const { text } = src;
  if (isFlow(coll)) {
    const entry = key === null ? renderFlow(value) : `${renderKey(key)}: ${renderFlow(value)}`;
    if (coll.items.length === 0) {
      const open = isMap(coll) ? "{" : "[";
      const close = isMap(coll) ? "}" : "]";
      return { start: coll.range![0], end: coll.range![1], text: open + entry + close };
    }
    const at = itemEnd(text, coll.items[coll.items.length - 1]);
    return { start: at, end: at, text: ", " + entry };
  }
  if (coll.items.length === 0) throw unsupported();
  const col = column(text, itemStarts(text, coll)[0]);
  const at = afterNestedComments(text, lineEnd(text, itemEnd(text, coll.items[coll.items.length - 1])), col);
  const pad = " ".repeat(col);
  let line: string;
  let t: BlockText;
  if (key !== null) {
    t = renderAfterKey(value, col + step, step);
    line = pad + renderKey(key) + ":" + joinBlockText(t);
  } else {
    t = renderAfterDash(value, col, step);
    line = pad + "-" + joinBlockText(t);
  }
  const tail = t.endsInBlockScalar && at === text.length ? "\n" : "";
  return { start: at, end: at, text: "\n" + line + tail };
}

/**
 * Comment lines after an entry that are indented deeper than its collection belong to that
 * entry; a new entry goes after them (before them, a new block scalar would swallow them).
 */
function afterNestedComments(text: string, at: number, col: number): number {
  let end = at;
  let q = at;
  for (;;) {
    const ls = nextLineStart(text, q);
    if (ls >= text.length || ls === q) break;
    const line = text.slice(ls, lineEnd(text, ls));
    const m = /^([ \t]*)#/.exec(line);
    if (m && m[1].length > col) end = lineEnd(text, ls);
    else if (!/^[ \t]*$/.test(line)) break;
    q = lineEnd(text, ls);
  }
  return end;
}

