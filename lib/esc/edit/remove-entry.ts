// Removing one entry of a collection: its whole lines in block style (with its head comment and
// nested comments), the entry and one comma in flow style.

import { isMap } from "yaml";
import { column, isFlow, itemEnd, itemStarts, lineEnd, lineStart, nextLineStart, onlySpacesBefore, restIsTrivia, skipBlanks, unsupported, type Collection, type Source } from "./source";
import { replaceSplice, type Slot, type Splice } from "./splice";

/**
 * Removes entry `index` of `coll`. The only entry of a collection cannot be removed as text
 * (a block collection needs at least one line), so the caller empties it via `parentSlot`.
 */
export function removeSplice(src: Source, coll: Collection, index: number, parentSlot: Slot, step: number): Splice[] {
  const { text } = src;
  const n = coll.items.length;
  if (n === 1) {
    return [replaceSplice(src, parentSlot, isMap(coll) ? {} : [], step, { dropLeadingComments: true })];
  }
  const starts = itemStarts(text, coll);
  if (isFlow(coll)) return removeFlowEntry(text, coll, index, starts);
  const s = starts[index];
  if (!onlySpacesBefore(text, s)) {
    // Compact first entry (`- a: 1` or a key right after a dash): pull the next entry up.
    if (index === 0) return [{ start: s, end: starts[1], text: "" }];
    throw unsupported();
  }
  return [removeLines(text, s, itemEnd(text, coll.items[index]))];
}

/**
 * Removes whole lines from the one holding `s` to the one holding `e`, with the head comment
 * lines right above at the same column and deeper-indented comment lines right below.
 */
function removeLines(text: string, s: number, e: number): Splice {
  const col = column(text, s);
  let from = lineStart(text, s);
  // Comment lines directly above at the entry's column are its head comment: they go with it.
  for (;;) {
    if (from === 0) break;
    const prev = lineStart(text, from - 1);
    const line = text.slice(prev, from - 1);
    const m = /^([ \t]*)#/.exec(line);
    if (!m || m[1].length !== col) break;
    from = prev;
  }
  let to = nextLineStart(text, e);
  // Comment lines indented deeper than the entry, right after it, were inside it.
  for (;;) {
    if (to >= text.length) break;
    const line = text.slice(to, lineEnd(text, to));
    const m = /^([ \t]*)#/.exec(line);
    if (!m || m[1].length <= col) break;
    to = nextLineStart(text, to);
  }
  if (to === text.length && !text.endsWith("\n") && from > 0) {
    // The last line has no line break: drop the one before the removed entry instead.
    return { start: from - (text[from - 2] === "\r" ? 2 : 1), end: to, text: "" };
  }
  return { start: from, end: to, text: "" };
}

function removeFlowEntry(text: string, coll: Collection, index: number, starts: number[]): Splice[] {
  const s = starts[index];
  const e = itemEnd(text, coll.items[index]);
  const last = index === coll.items.length - 1;
  if (!last) {
    let p = skipBlanks(text, e);
    if (text[p] !== ",") return [{ start: s, end: starts[index + 1], text: "" }];
    p = skipBlanks(text, p + 1);
    if (onlySpacesBefore(text, s) && restIsTrivia(text, p)) return [removeLines(text, s, p)];
    if (text[p] === "#" || text[p] === "\n" || text[p] === "\r") return [{ start: s, end: starts[index + 1], text: "" }];
    return [{ start: s, end: p, text: "" }];
  }
  const pe = itemEnd(text, coll.items[index - 1]);
  const comma = skipBlanks(text, pe);
  if (text[comma] === "," && onlySpacesBefore(text, s) && restIsTrivia(text, e) && text.slice(comma + 1, s).includes("\n")) {
    return [{ start: comma, end: comma + 1, text: "" }, removeLines(text, s, e)];
  }
  return [{ start: pe, end: e, text: "" }];
}
