// Document paths as the reference prints them (internal/util/path.go): `.key` for identifiers,
// `["key"]` otherwise, `[i]` for indices. Also parses Pulumi property paths for rotatePaths.

/** `[A-Za-z_][A-Za-z0-9_]*`, without a regex: this runs for every key of every document. */
function isIdent(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!letter && !(i > 0 && c >= 48 && c <= 57)) return false;
  }
  return true;
}

export function joinKey(path: string, key: string): string {
  if (isIdent(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}["${key.replace(/"/g, '\\"')}"]`;
}

export function joinIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

export type PathSegment = string | number;

/** Parses `a.b["c d"][0]`; returns undefined when malformed. */
export function parsePropertyPath(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      if (out.length === 0) return undefined;
      i++;
      continue;
    }
    if (c === "[") {
      if (path[i + 1] === '"') {
        let j = i + 2;
        let key = "";
        while (j < path.length && path[j] !== '"') {
          if (path[j] === "\\" && j + 1 < path.length) j++;
          key += path[j++];
        }
        if (path[j + 1] !== "]") return undefined;
        out.push(key);
        i = j + 2;
      } else {
        const j = path.indexOf("]", i);
        if (j < 0) return undefined;
        const n = Number(path.slice(i + 1, j));
        if (!Number.isInteger(n) || n < 0) return undefined;
        out.push(n);
        i = j + 1;
      }
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}

export function formatPath(segments: readonly PathSegment[], prefix = ""): string {
  let p = prefix;
  for (const s of segments) p = typeof s === "number" ? joinIndex(p, s) : joinKey(p, s);
  return p;
}
