// Lexer/parser for string templates: `$$` escapes, `${...}` property accesses with names,
// `["key"]` and `[0]` subscripts. Error wording and ranges follow the reference's
// ast/interpolation.go and ast/property.go (LANGUAGE.md §3).

import { errorDiag, type Diagnostic, type Range } from "./diagnostics";
import { MAX_INTERPOLATIONS_PER_STRING } from "./limits";
import { codePointLength, posAtLineColumn } from "./positions";
import type { StringNode } from "./syntax";

export type Accessor =
  | { kind: "name"; name: string; range?: Range }
  | { kind: "key"; key: string; range?: Range }
  | { kind: "index"; index: number; range?: Range };

export interface PropertyAccess {
  accessors: Accessor[];
  range?: Range;
}

export interface TemplatePart {
  text: string;
  access?: PropertyAccess;
}

/** Sub-range of a string node between two UTF-16 indices of its value, when available. */
export function subRange(node: StringNode, from: number, to: number): Range | undefined {
  const sub = node.sub;
  if (!sub) return undefined;
  const v = node.value;
  const c1 = sub.column + codePointLength(v.slice(0, from));
  const c2 = c1 + codePointLength(v.slice(from, to));
  return {
    filename: node.range.filename,
    start: posAtLineColumn(sub.index, sub.line, c1),
    end: posAtLineColumn(sub.index, sub.line, c2),
  };
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\v" || c === "\f";
}

export function parseTemplate(node: StringNode, diags: Diagnostic[]): TemplatePart[] {
  const s = node.value;
  // most strings have no `$` at all: one part, no scanning
  let i = s.indexOf("$");
  if (i < 0) return [{ text: s }];
  const parts: TemplatePart[] = [];
  let text = s.slice(0, i);
  const at = (from: number, to: number) => subRange(node, from, to);
  while (i < s.length) {
    const c = s[i];
    if (c !== "$") {
      // copy the run up to the next `$` in one slice rather than char by char
      const next = s.indexOf("$", i);
      const end = next < 0 ? s.length : next;
      text += s.slice(i, end);
      i = end;
      continue;
    }
    if (s[i + 1] === "$") {
      text += "$";
      i += 2;
      continue;
    }
    if (s[i + 1] === "{") {
      if (parts.length >= MAX_INTERPOLATIONS_PER_STRING) {
        diags.push(errorDiag(`too many interpolations (limit ${MAX_INTERPOLATIONS_PER_STRING})`, node.range, node.path));
        break;
      }
      const start = i;
      const r = parseAccess(s, i + 2, node, diags, at);
      i = r.next;
      parts.push({ text, access: { accessors: r.accessors, range: at(start, i) ?? node.range } });
      text = "";
      continue;
    }
    text += c;
    i++;
  }
  if (text !== "" || parts.length === 0) parts.push({ text });
  return parts;
}

type At = (from: number, to: number) => Range | undefined;

function parseAccess(
  s: string,
  i: number,
  node: StringNode,
  diags: Diagnostic[],
  at: At,
): { accessors: Accessor[]; next: number } {
  const accessors: Accessor[] = [];
  const err = (msg: string, from: number, to: number) => diags.push(errorDiag(msg, at(from, to) ?? node.range, node.path));
  const readName = (from: number) => {
    let j = from;
    while (j < s.length && s[j] !== "." && s[j] !== "[" && s[j] !== "}" && !isSpace(s[j])) j++;
    return j;
  };
  for (let first = true; ; first = false) {
    if (i >= s.length || isSpace(s[i])) {
      if (first) accessors.push({ kind: "name", name: "", range: at(i, i) });
      err("missing closing brace '}' in interpolation", i, i);
      return { accessors, next: i };
    }
    const c = s[i];
    if (c === "}") {
      // the reference's empty root accessor spans the closing brace
      if (first) accessors.push({ kind: "name", name: "", range: at(i, i + 1) });
      return { accessors, next: i + 1 };
    }
    if (c === ".") {
      const end = readName(i + 1);
      if (end === i + 1) err("property name must not be empty", i, end);
      accessors.push({ kind: "name", name: s.slice(i + 1, end), range: at(i, end) });
      i = end;
      continue;
    }
    if (c === "[") {
      const r = parseSubscript(s, i, err, at);
      if (first && r.accessor.kind === "index") {
        err("the first accessor must be a property name or key subscript, not a numeric subscript", i, r.textEnd);
      }
      accessors.push(r.accessor);
      i = r.next;
      continue;
    }
    if (!first) {
      // only reachable after a subscript followed by a name character
      err("missing closing brace '}' in interpolation", i, i);
      return { accessors, next: i };
    }
    const end = readName(i);
    accessors.push({ kind: "name", name: s.slice(i, end), range: at(i, end) });
    i = end;
  }
}

function parseSubscript(
  s: string,
  open: number,
  err: (msg: string, from: number, to: number) => void,
  at: At,
): { accessor: Accessor; next: number; textEnd: number } {
  let i = open + 1;
  if (s[i] === '"') {
    const q = i;
    let key = "";
    i++;
    let closed = false;
    while (i < s.length) {
      if (s[i] === "\\" && s[i + 1] === '"') {
        key += '"';
        i += 2;
        continue;
      }
      if (s[i] === '"') {
        closed = true;
        i++;
        break;
      }
      key += s[i++];
    }
    if (!closed) {
      err("subscript is missing closing bracket ']'", open, i);
      err("key subscript is missing closing quote '\"'", q, i);
      return { accessor: { kind: "key", key, range: at(open, i) }, next: i, textEnd: i };
    }
    if (key === "") err("key subscript must not be empty", q, i);
    if (s[i] !== "]") {
      err("subscript is missing closing bracket ']'", open, i);
      return { accessor: { kind: "key", key, range: at(open, i) }, next: i, textEnd: i };
    }
    return { accessor: { kind: "key", key, range: at(open, i + 1) }, next: i + 1, textEnd: i };
  }
  const from = i;
  while (i < s.length && s[i] !== "]" && s[i] !== "}") i++;
  const text = s.slice(from, i);
  const closed = s[i] === "]";
  if (!closed) err("subscript is missing closing bracket ']'", open, i);
  const end = closed ? i + 1 : i;
  if (!/^[+-]?[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    err("numeric subscript must be a positive base-10 integer", from, i);
    return { accessor: { kind: "key", key: text, range: at(open, end) }, next: end, textEnd: i };
  }
  return { accessor: { kind: "index", index: Number(text), range: at(open, end) }, next: end, textEnd: i };
}

/** Canonical printing of an access, e.g. `a.b["c d"][0]`. */
export function formatAccess(accessors: readonly Accessor[]): string {
  let out = "";
  for (const a of accessors) {
    if (a.kind === "name") out += out === "" ? a.name : `.${a.name}`;
    else if (a.kind === "key") out += `["${a.key.replace(/"/g, '\\"')}"]`;
    else out += `[${a.index}]`;
  }
  return out;
}
