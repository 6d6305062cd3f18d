// Offsets within the lines of a definition's text: plain string arithmetic, no YAML. Edits are
// splices into the original string (source.ts), and these find the line, column and blanks
// around an offset.

/** Offset of the first character of the line holding `pos` (after a byte order mark on line 1). */
export function lineStart(text: string, pos: number): number {
  const s = text.lastIndexOf("\n", pos - 1) + 1;
  return s === 0 && pos > 0 && text.charCodeAt(0) === 0xfeff ? 1 : s;
}

/** Offset of the line break ending the line holding `pos` (before a `\r\n`), or the end of text. */
export function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf("\n", pos);
  if (nl < 0) return text.length;
  return nl > pos && text[nl - 1] === "\r" ? nl - 1 : nl;
}

/** Offset just past the line break ending the line holding `pos` (or the end of text). */
export function nextLineStart(text: string, pos: number): number {
  const nl = text.indexOf("\n", pos);
  return nl < 0 ? text.length : nl + 1;
}

export function column(text: string, pos: number): number {
  return pos - lineStart(text, pos);
}

export function onlySpacesBefore(text: string, pos: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, pos), pos));
}

/** Skips blanks, line breaks and comments from a token boundary. */
export function skipTrivia(text: string, pos: number): number {
  let p = pos;
  while (p < text.length) {
    const c = text[p];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") p++;
    else if (c === "#") p = lineEnd(text, p);
    else break;
  }
  return p;
}

/** The leading blanks of the line holding `pos`. */
export function lineIndent(text: string, pos: number): number {
  const s = lineStart(text, pos);
  return /^[ \t]*/.exec(text.slice(s, lineEnd(text, s)))![0].length;
}

export function skipBlanks(text: string, p: number): number {
  while (p < text.length && (text[p] === " " || text[p] === "\t")) p++;
  return p;
}

/** True when nothing but blanks or a comment follows `p` on its line. */
export function restIsTrivia(text: string, p: number): boolean {
  return /^[ \t]*(#.*)?$/.test(text.slice(p, lineEnd(text, p)));
}
