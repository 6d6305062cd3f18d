// Pulumi-style property paths (`a.b[0]["c.d"]`), as `esc env set/rm` take them.
// Grammar: a path is a first name or `["key"]`, then any of `.name`, `["key"]`, `[index]`.
// A name runs until `.` or `[`. Inside a quoted key `\"` is a quote and `\\` a backslash; any
// other backslash is literal, as in the reference parser (which only knows `\"`; we add `\\` so
// that a key ending in a backslash can be written at all).

import { EditError } from "./errors";

export type PathSegment = string | number;
export type PropertyPath = readonly PathSegment[];

export function parsePropertyPath(path: string): PathSegment[] {
  if (path === "") throw pathError(path, "the path is empty");
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === "[") {
      i = parseSubscript(path, i, segments);
    } else if (c === "." && i > 0) {
      i++;
      if (path[i] === "[" ) throw pathError(path, `expected a property name after "." at position ${i + 1}`);
      i = parseName(path, i, segments);
    } else if (i === 0) {
      i = parseName(path, i, segments);
    } else {
      throw pathError(path, `expected "." or "[" at position ${i + 1}`);
    }
  }
  return segments;
}

function parseName(path: string, start: number, out: PathSegment[]): number {
  let i = start;
  while (i < path.length && path[i] !== "." && path[i] !== "[") {
    if (path[i] === "]") throw pathError(path, `unexpected "]" at position ${i + 1}`);
    i++;
  }
  if (i === start) throw pathError(path, `expected a property name at position ${start + 1}`);
  out.push(path.slice(start, i));
  return i;
}

function parseSubscript(path: string, open: number, out: PathSegment[]): number {
  let i = open + 1;
  if (path[i] === '"') {
    i++;
    let key = "";
    for (;;) {
      if (i >= path.length) throw pathError(path, `the key starting at position ${open + 2} is missing its closing quote`);
      const ch = path[i];
      if (ch === '"') break;
      if (ch === "\\" && (path[i + 1] === '"' || path[i + 1] === "\\")) {
        key += path[i + 1];
        i += 2;
      } else {
        key += ch;
        i++;
      }
    }
    i++;
    if (path[i] !== "]") throw pathError(path, `expected "]" at position ${i + 1}`);
    out.push(key);
    return i + 1;
  }
  const close = path.indexOf("]", i);
  if (close < 0) throw pathError(path, `the subscript at position ${open + 1} is missing its closing "]"`);
  const digits = path.slice(i, close);
  if (digits === "*") throw pathError(path, "wildcards ([*]) cannot be edited");
  if (!/^[0-9]+$/.test(digits)) {
    throw pathError(path, `an index must be a non-negative whole number, or a key must be quoted like ["${digits}"]`);
  }
  const index = Number(digits);
  if (!Number.isSafeInteger(index)) throw pathError(path, `the index ${digits} is too large`);
  out.push(index);
  return close + 1;
}

function pathError(path: string, why: string): EditError {
  return new EditError("invalid-path", `invalid property path ${JSON.stringify(path)}: ${why}`);
}

/** Accepts either a path string or already-split segments (validated). */
export function toSegments(path: string | PropertyPath): PathSegment[] {
  if (typeof path === "string") return parsePropertyPath(path);
  return path.map((s) => {
    if (typeof s === "number" && (!Number.isSafeInteger(s) || s < 0)) {
      throw new EditError("invalid-path", `invalid property path: ${s} is not a valid array index`);
    }
    if (typeof s !== "number" && typeof s !== "string") {
      throw new EditError("invalid-path", "invalid property path: segments must be strings or numbers");
    }
    return s;
  });
}

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Canonical text of a path, in the reference's diagnostic style: `.name` for identifier-like
 * keys, `["key"]` otherwise (LANGUAGE.md §2, "Paths").
 */
export function formatPropertyPath(segments: PropertyPath): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (SIMPLE_NAME.test(s)) out += out === "" ? s : `.${s}`;
    else out += `["${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"]`;
  }
  return out;
}
