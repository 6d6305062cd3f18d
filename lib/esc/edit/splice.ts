// Text splices, and the first of the three primitive edits: replacing a value where it sits
// (append-entry.ts and remove-entry.ts hold the others). Each works on the original text and
// leaves every byte outside its region alone, which is how comments, quoting and key order
// survive.

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
  type BlockText,
  type EditValue,
} from "./render-value";
import {
  asNode,
  colonEnd,
  column,
  commentTokens,
  contentEnd,
  isEmptyNull,
  isFlow,
  itemStarts,
  lineEnd,
  lineIndent,
  nextLineStart,
  nodeStart,
  restIsTrivia,
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
  /** comments inside the old value survive as comment lines after the new one */
  keepInnerComments?: boolean;
}

/**
 * Re-emits the comments that sat inside the replaced text on lines of their own after the
 * replacement's last line (a comment line cannot end up inside a block scalar there, since it
 * is indented no deeper than the entry's own line).
 */
function carryComments(text: string, s: Splice, oldStart: number, oldEnd: number, anchor: number, blockScalarLast: boolean): Splice {
  const inner = commentTokens(text).filter((c) => c.offset >= oldStart && c.offset < oldEnd);
  if (inner.length === 0) return s;
  const le = Math.max(lineEnd(text, s.end), s.end);
  if (inner.length === 1 && !blockScalarLast && restIsTrivia(text, s.end) && !text.slice(s.end, le).includes("#")) {
    // a lone comment (say, a block scalar's `| # note`) becomes the new last line's comment
    return { start: s.start, end: le, text: s.text + " " + inner[0].source };
  }
  const pad = " ".repeat(lineIndent(text, anchor));
  const lines = inner.map((c) => "\n" + pad + c.source).join("");
  return { start: s.start, end: le, text: s.text + text.slice(s.end, le) + lines };
}

export function replaceSplice(src: Source, slot: Slot, value: EditValue, step: number, opts: ReplaceOptions = {}): Splice {
  const s = replaceOnly(src, slot, value, step, opts);
  const endsInBlockScalar = typeof value === "string" && !isInline(value) && !(slot.kind !== "root" && isFlow(slot.parent));
  const old = slotNode(src, slot);
  if (!opts.keepInnerComments || !old || isEmptyNull(old)) return s;
  const anchor = slot.kind === "root" ? 0 : itemStarts(src.text, slot.parent)[slot.index];
  return carryComments(src.text, s, nodeStart(src.text, old), contentEnd(src.text, old), anchor, endsInBlockScalar);
}

function replaceOnly(src: Source, slot: Slot, value: EditValue, step: number, opts: ReplaceOptions): Splice {
  const { text } = src;
  const old = slotNode(src, slot);

  if (slot.kind === "root") {
    if (!old || (isEmptyNull(old) && old.range![0] >= text.trimEnd().length)) {
      let sep = text === "" || text.endsWith("\n") ? "" : "\n";
      // after directives (`%YAML 1.2`) a document needs its `---`
      if (!src.doc && /^%/m.test(text)) sep += "---\n";
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
    if (after.lines.length === 0 && between !== "" && !/[\r\n]/.test(between)) {
      // same line, inline value: keep the author's separator (a tab, two spaces)
      return { start: vStart, end: vEnd, text: after.head };
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
 * its own, comment lines right after it that are indented deeper than the entry move out to the
 * entry's column (deeper, they would become scalar content), and a block scalar at the very end
 * of the text gets its closing line break.
 */
function finishBlock(text: string, start: number, end: number, body: string, t: BlockText, anchorCol: number): Splice {
  if (!t.endsInBlockScalar) return { start, end, text: body };
  const pad = " ".repeat(anchorCol);
  let out = body;
  let e = end;
  const rest = text.slice(end, lineEnd(text, end));
  if (/^[ \t]*#/.test(rest)) {
    const hash = end + rest.indexOf("#");
    out += "\n" + pad + text.slice(hash, lineEnd(text, hash));
    e = lineEnd(text, hash);
  } else if (end === text.length) {
    return { start, end, text: body + "\n" };
  } else {
    out += rest;
    e = lineEnd(text, end);
  }
  let moved = "";
  let q = e;
  for (;;) {
    const ls = nextLineStart(text, q);
    if (ls >= text.length || ls === q) break;
    const line = text.slice(ls, lineEnd(text, ls));
    const m = /^([ \t]*)(#.*)$/.exec(line);
    if (/^[ \t]*$/.test(line)) moved += "\n";
    else if (m && m[1].length > anchorCol) moved += "\n" + pad + m[2];
    else break;
    q = lineEnd(text, ls);
    out += moved;
    moved = "";
    e = q;
  }
  return { start, end: e, text: out };
}
