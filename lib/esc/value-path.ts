// Walking an evaluated environment's properties along a property path (`a.b[0]["c d"]`): the one
// lookup the REST API's open sessions and the CLI's `get`/`open <path>`/`run` interpolation share.
import type { EscValue } from "./export";
import type { PathSegment } from "./edit/property-path";
import { nearest } from "./spell";

export interface MissingPath {
  /** the longest prefix of the path that exists ("" for the root) */
  existing: string;
  /** what exists right below it */
  keys: string[];
  /** a close spelling of the missing step, as a whole path */
  suggestion?: string;
}

/** The value at `segments` below `properties`, or what exists nearest to it. */
export function lookupValue(properties: Record<string, EscValue>, segments: readonly PathSegment[]): { value: EscValue } | { missing: MissingPath } {
  let cur: EscValue = { value: properties };
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const v: EscValue["value"] = cur.value;
    let next: EscValue | undefined;
    if (typeof s === "number") next = Array.isArray(v) ? v[s] : undefined;
    else next = v && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, s) ? (v as Record<string, EscValue>)[s] : undefined;
    if (!next) {
      const prefix = segments.slice(0, i);
      const keys = Array.isArray(v) ? v.map((_, j) => `[${j}]`) : v && typeof v === "object" ? Object.keys(v).sort() : [];
      const close = typeof s === "string" && !Array.isArray(v) ? nearest(s, keys) : undefined;
      return { missing: { existing: formatSegments(prefix), keys, suggestion: close === undefined ? undefined : formatSegments([...prefix, close]) } };
    }
    cur = next;
  }
  return { value: cur };
}

/** The value at `segments` below `properties`, or undefined. */
export function valueAtPath(properties: Record<string, EscValue>, segments: readonly PathSegment[]): EscValue | undefined {
  const found = lookupValue(properties, segments);
  return "value" in found ? found.value : undefined;
}

function formatSegments(segs: readonly PathSegment[]): string {
  return segs.map((s, i) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) ? (i ? `.${s}` : s) : `[${JSON.stringify(s)}]`)).join("");
}
