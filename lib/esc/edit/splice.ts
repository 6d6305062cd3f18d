// Text splices for the three primitive edits: replace a value where it sits, add an entry to a
// collection, remove an entry. Each works on the original text and leaves every byte outside
// its region alone, which is how comments, quoting and key order survive.

import { isMap, isPair, type Node, type Pair, type YAMLMap } from "yaml";
import { EditError } from "./errors";
import {
  isInline,
  joinBlockText,
  literalBlockAt,
  renderAfterDash,
  renderAfterKey,
  renderBlock,
  renderFlow,
  renderInline,
  renderKey,
  type BlockText,
  type EditValue,
} from "./render-value";
import {
  asNode,
  colonEnd,
  column,
  contentEnd,
  isEmptyNull,
  isFlow,
  itemEnd,
  itemStarts,
  lineEnd,
  lineStart,
  nextLineStart,
  nodeStart,
  onlySpacesBefore,
  unsupported,
  type Collection,
  type Source,
} from "./source";

export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Where a value lives: the document root, a mapping entry, or a sequence item. */
export type Slot =
  | { kind: "root" }
  | { kind: "pair"; parent: YAMLMap<unknown, unknown>; index: number }
  | { kind: "item"; parent: Collection; index: number };

/** Applies non-overlapping splices; inserted line breaks follow the text's own (LF or CRLF). */
export function applySplices(text: string, splices: Splice[]): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const sorted = [...splices].sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Infinity;
  for (const s of sorted) {
    if (s.end > limit) throw new EditError("unsupported", "two edits overlap in the definition text");
    const insert = eol === "\n" ? s.text : s.text.replace(/\n/g, eol);
    out = out.slice(0, s.start) + insert + out.slice(s.end);
    limit = s.start;
  }
  return out;
}

export function slotNode(src: Source, slot: Slot): Node | null {
  if (slot.kind === "root") return asNode(src.doc?.contents ?? null);
  const item = slot.parent.items[slot.index];
  return asNode(isPair(item) ? item.value : item);
}

/** Text for a value whose first character sits at `col` on a line of its own. */
function renderAt(value: EditValue, col: number, step: number): BlockText {
  if (isInline(value)) return { head: renderInline(value), lines: [], endsInBlockScalar: false };
  if (typeof value === "string") {
    const b = literalBlockAt(value, col);
    return { head: b.header, lines: b.lines, endsInBlockScalar: true };
  }
  const r = renderBlock(value as EditValue[] | { [k: string]: EditValue }, col, step);
  return { head: r.lines[0].slice(col), lines: r.lines.slice(1), endsInBlockScalar: r.endsInBlockScalar };
}

const BLANK = /^[ \t\r\n]*$/;

export interface ReplaceOptions {
  /** drop own-line comments between `key:` and the old value (they were the removed entry's) */
  dropLeadingComments?: boolean;
}

export function replaceSplice(src: Source, slot: Slot, value: EditValue, step: number, opts: ReplaceOptions = {}): Splice {
  const { text } = src;
  const old = slotNode(src, slot);

  if (slot.kind === "root") {
    if (!old || (isEmptyNull(old) && old.range![0] >= text.trimEnd().length)) {
      const sep = text === "" || text.endsWith("\n") ? "" : "\n";
      const body = renderAt(value, 0, step);
      const t = (body.head + body.lines.map((l) => "\n" + l).join("")) + "\n";
      return { start: text.length, end: text.length, text: sep + t };
    }
    const s = nodeStart(text, old);
    const t = renderAt(value, column(text, s), step);
    return finishBlock(text, s, contentEnd(text, old), t.head + t.lines.map((l) => "\n" + l).join(""), t, column(text, s));
  }

  const parent = slot.parent;
  if (isFlow(parent)) {
    if (isMap(parent)) {
      const pair = parent.items[slot.index] as Pair<unknown, unknown>;
      const ce = colonEnd(text, pair);
      if (!old || isEmptyNull(old)) return { start: ce, end: ce, text: " " + renderFlow(value) };
    }
    if (!old) throw unsupported();
    return { start: nodeStart(text, old), end: contentEnd(text, old), text: renderFlow(value) };
  }

  // Block context: the indicator is `key:` or `-`.
  let indicatorEnd: number;
  let anchorCol: number;
  let after: BlockText;
  if (isMap(parent)) {
    const pair = parent.items[slot.index] as Pair<unknown, unknown>;
    indicatorEnd = colonEnd(text, pair);
    anchorCol = column(text, itemStarts(text, parent)[slot.index]);
    after = renderAfterKey(value, anchorCol + step, step);
  } else {
    const dash = itemStarts(text, parent)[slot.index];
    indicatorEnd = dash + 1;
    anchorCol = column(text, dash);
    after = renderAfterDash(value, anchorCol, step);
  }
  const vStart = !old || isEmptyNull(old) ? indicatorEnd : nodeStart(text, old);
  const vEnd = !old || isEmptyNull(old) ? indicatorEnd : contentEnd(text, old);
  const between = text.slice(indicatorEnd, vStart);
  const keyLineHasComment = /#/.test(text.slice(indicatorEnd, lineEnd(text, indicatorEnd)));
  if (BLANK.test(between) || (opts.dropLeadingComments && !keyLineHasComment)) {
    const rest = text.slice(vEnd, lineEnd(text, vEnd));
    const emptyOld = vStart === vEnd;
    if (/^[ \t]*#/.test(rest) && after.lines.length > 0 && (emptyOld || after.endsInBlockScalar)) {
      // `key: # note` stays on the key's line; new lines go below it.
      const head = after.head === "" ? "" : " " + after.head;
      return { start: indicatorEnd, end: vEnd + rest.length, text: head + rest + after.lines.map((l) => "\n" + l).join("") };
    }
    return finishBlock(text, indicatorEnd, vEnd, joinBlockText(after), after, anchorCol);
  }
  const keyLine = text.slice(indicatorEnd, lineEnd(text, indicatorEnd));
  if (isInline(value) && /^[ \t]*#/.test(keyLine) && BLANK.test(text.slice(indicatorEnd + keyLine.length, vStart))) {
    // Only the key's own line comment sits before the old value: `key: new # note`.
    return { start: indicatorEnd, end: vEnd, text: " " + renderInline(value) + keyLine };
  }
  // A comment sits between the indicator and the old value: keep it, write at the value's place.
  const c = column(text, vStart);
  const minCol = isMap(parent) ? anchorCol + 1 : anchorCol + 2;
  const target = c >= minCol ? c : anchorCol + (isMap(parent) ? step : 2);
  const t = renderAt(value, target, step);
  const body = " ".repeat(target - c) + t.head + t.lines.map((l) => "\n" + l).join("");
  return finishBlock(text, vStart, vEnd, body, t, anchorCol);
}

/**
 * A block scalar must end its line: a comment that followed the old value moves to a line of
 * its own, and a block scalar at the very end of the text gets its closing line break.
 */
function finishBlock(text: string, start: number, end: number, body: string, t: BlockText, anchorCol: number): Splice {
  if (!t.endsInBlockScalar) return { start, end, text: body };
  const rest = text.slice(end, lineEnd(text, end));
  if (/^[ \t]*#/.test(rest)) {
    const hash = end + rest.indexOf("#");
    return { start, end: hash, text: body + "\n" + " ".repeat(anchorCol) };
  }
  if (end === text.length) return { start, end, text: body + "\n" };
  return { start, end, text: body };
}

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
  const at = lineEnd(text, itemEnd(text, coll.items[coll.items.length - 1]));
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
 * Removes entry `index` of `coll`. The only entry of a collection cannot be removed as text
 * (a block collection needs at least one line), so the caller empties it via `parentSlot`.
 */
export function removeSplice(src: Source, coll: Collection, index: number, parentSlot: Slot, step: number): Splice {
  const { text } = src;
  const n = coll.items.length;
  if (n === 1) {
    return replaceSplice(src, parentSlot, isMap(coll) ? {} : [], step, { dropLeadingComments: true });
  }
  const starts = itemStarts(text, coll);
  if (isFlow(coll)) {
    if (index < n - 1) return { start: starts[index], end: starts[index + 1], text: "" };
    return { start: itemEnd(text, coll.items[index - 1]), end: itemEnd(text, coll.items[index]), text: "" };
  }
  const s = starts[index];
  const e = itemEnd(text, coll.items[index]);
  if (!onlySpacesBefore(text, s)) {
    // Compact first entry (`- a: 1` or a key right after a dash): pull the next entry up.
    if (index === 0) return { start: s, end: starts[1], text: "" };
    throw unsupported();
  }
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
