// A self-check after every edit: the new text must parse, and its data must equal the old data
// with exactly the intended change. Splicing text is only trusted when this holds.

import { isAlias, isMap, isPair, isScalar, isSeq } from "yaml";
import { keyText } from "./navigate";
import type { PathSegment } from "./property-path";
import type { EditValue } from "./render-value";
import { isObject } from "./render-value";

/** Data shape that keeps duplicate keys and order: objects are lists of [key, value]. */
export type Shape = null | boolean | number | string | { seq: Shape[] } | { map: [string, Shape][] } | { alias: string };

export function shapeOf(node: unknown): Shape {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return Number.isNaN(v) ? "NaN" : v;
    if (typeof v === "bigint") return Number(v);
    return String(v);
  }
  if (isAlias(node)) return { alias: node.source };
  if (isSeq(node)) return { seq: node.items.map(shapeOf) };
  if (isMap(node)) return { map: node.items.map((p) => [isPair(p) ? keyText(p.key) ?? "?" : "?", shapeOf(isPair(p) ? p.value : null)]) };
  return null;
}

export function shapeOfValue(v: EditValue): Shape {
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : v;
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return { seq: v.map(shapeOfValue) };
  if (isObject(v)) return { map: Object.entries(v).map(([k, x]) => [k, shapeOfValue(x)]) };
  return v;
}

function isMapShape(s: Shape): s is { map: [string, Shape][] } {
  return typeof s === "object" && s !== null && "map" in s;
}
function isSeqShape(s: Shape): s is { seq: Shape[] } {
  return typeof s === "object" && s !== null && "seq" in s;
}

/** The expected shape after setting (value) or deleting (undefined) at a path. */
export function applyToShape(s: Shape, path: PathSegment[], value: EditValue | undefined): Shape {
  if (path.length === 0) return value === undefined ? null : shapeOfValue(value);
  const [seg, ...rest] = path;
  if (isMapShape(s) && typeof seg === "string") {
    const i = s.map.findIndex(([k]) => k === seg);
    const entries = s.map.slice();
    if (i < 0) {
      if (value === undefined) return s;
      entries.push([seg, applyToShape(null, rest, value)]);
    } else if (value === undefined && rest.length === 0) {
      entries.splice(i, 1);
    } else {
      entries[i] = [seg, applyToShape(entries[i][1], rest, value)];
    }
    return { map: entries };
  }
  if (isSeqShape(s) && typeof seg === "number") {
    const items = s.seq.slice();
    if (value === undefined && rest.length === 0) items.splice(seg, 1);
    else items[seg] = applyToShape(seg < items.length ? items[seg] : null, rest, value);
    return { seq: items };
  }
  // null (or absent): build the rest
  if (value === undefined) return s;
  if (typeof seg === "number") return { seq: [applyToShape(null, rest, value)] };
  return { map: [[seg, applyToShape(null, rest, value)]] };
}

export function sameShape(a: Shape, b: Shape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
