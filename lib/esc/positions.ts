// Maps string offsets from the YAML parser to the reference's {line, column, byte} positions.
// Columns count code points. Bytes follow the reference's display-width walk (LANGUAGE.md §2),
// including its quirks: wide characters count two cells, and the last line of a file without a
// trailing newline reports byte 0.

import type { Pos } from "./diagnostics";

export interface LineIndex {
  text: string;
  /** UTF-16 offset of each line start */
  starts: number[];
  /** UTF-8 byte offset of each line start */
  byteStarts: number[];
  ascii: boolean[];
  /** number of "\n"-separated segments */
  segments: number;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

export function buildLineIndex(text: string): LineIndex {
  const starts = [0];
  const byteStarts = [0];
  const ascii: boolean[] = [];
  let isAscii = true;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else {
      isAscii = false;
      if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    if (c === 10) {
      ascii.push(isAscii);
      isAscii = true;
      starts.push(i + 1);
      byteStarts.push(bytes);
    }
  }
  ascii.push(isAscii);
  return { text, starts, byteStarts, ascii, segments: starts.length };
}

function lineOf(idx: LineIndex, offset: number): number {
  let lo = 0;
  let hi = idx.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (idx.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Display width of one code point, approximating uniseg's East-Asian-width rules. */
function cellWidth(cp: number): number {
  if (cp === 0x200d || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Byte offset the reference reports for (line, column), both 1-based. */
export function quirkByte(idx: LineIndex, line: number, column: number): number {
  if (line < 1 || line >= idx.segments) return 0;
  const li = line - 1;
  const base = idx.byteStarts[li];
  if (idx.ascii[li]) return base + column - 1;
  const text = idx.text;
  const end = li + 1 < idx.starts.length ? idx.starts[li + 1] - 1 : text.length;
  let cell = 1;
  let bytes = 0;
  let i = idx.starts[li];
  while (cell < column && i < end) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    cell += cellWidth(cp);
    bytes += utf8Length(text.slice(i, i + len));
    i += len;
  }
  return base + bytes;
}

/** Position of a UTF-16 offset (start of a node). */
export function posAt(idx: LineIndex, offset: number): Pos {
  const li = lineOf(idx, offset);
  const start = idx.starts[li];
  const column = idx.ascii[li] ? offset - start + 1 : codePointLength(idx.text.slice(start, offset)) + 1;
  return { line: li + 1, column, byte: quirkByte(idx, li + 1, column) };
}

export function posAtLineColumn(idx: LineIndex, line: number, column: number): Pos {
  return { line, column, byte: quirkByte(idx, line, column) };
}
