// Text-level reading of where the cursor is in a YAML definition, for completion. Works on
// incomplete documents (the user is typing), so it reads indentation rather than a parse tree.

export interface LineInfo {
  indent: number;
  key?: string;
  isListItem: boolean;
}

export function lineInfo(line: string): LineInfo {
  const m = /^(\s*)(-\s+)?(?:("[^"]*"|'[^']*'|[^\s#"'][^#]*?)\s*:(?:\s|$))?/.exec(line)!;
  const indent = m[1].length + (m[2]?.length ?? 0);
  const rawKey = m[3];
  const key = rawKey?.replace(/^["']|["']$/g, "");
  return { indent, key, isListItem: Boolean(m[2]) };
}

/** Keys of the enclosing mappings of the line at `lineIndex` (outermost first). */
export function enclosingKeys(lines: string[], lineIndex: number, column: number): string[] {
  const current = lines[lineIndex] ?? "";
  let indent = Math.min(lineInfo(current).indent, column);
  if (current.trim() === "") indent = column;
  const keys: string[] = [];
  for (let i = lineIndex - 1; i >= 0 && indent > 0; i--) {
    const text = lines[i];
    if (text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const info = lineInfo(text);
    const ownIndent = text.length - text.trimStart().length;
    if (ownIndent < indent) {
      if (info.key !== undefined) keys.unshift(info.key);
      else if (info.isListItem) keys.unshift("-");
      indent = ownIndent;
    }
  }
  return keys;
}

/** The `${...}` path being typed before the cursor, or undefined when not inside one. */
export function interpolationBefore(textBeforeCursor: string): string | undefined {
  const open = textBeforeCursor.lastIndexOf("${");
  if (open < 0) return undefined;
  if (open > 0 && textBeforeCursor[open - 1] === "$") return undefined; // $${ is an escape
  const inside = textBeforeCursor.slice(open + 2);
  if (inside.includes("}")) return undefined;
  return inside;
}

/** Splits `a.b["c"][0].d` into segments; the last may be partial (`a.` ends with ""). */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let cur = "";
  let afterBracket = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === ".") {
      if (!afterBracket) out.push(cur);
      cur = "";
      afterBracket = false;
    } else if (c === "[") {
      if (cur !== "" || (!afterBracket && out.length === 0 && i > 0)) out.push(cur);
      const close = path.indexOf("]", i);
      const inner = (close < 0 ? path.slice(i + 1) : path.slice(i + 1, close)).trim();
      out.push(/^\d+$/.test(inner) ? Number(inner) : inner.replace(/^["']|["']$/g, ""));
      cur = "";
      afterBracket = true;
      i = close < 0 ? path.length : close;
    } else {
      cur += c;
      afterBracket = false;
    }
  }
  if (!afterBracket) out.push(cur);
  return out;
}
