// Walking a property path through the parsed document, stopping where the path leaves what
// exists. Errors name the deepest existing part of the path so the user can see what went wrong.

import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import { EditError } from "./errors";
import { formatPropertyPath, type PathSegment } from "./property-path";
import { isNullScalar, type Collection, type Source } from "./source";
import { slotNode, type Slot } from "./splice";

export type Walk =
  /** the whole path exists: `slot` holds the value */
  | { kind: "found"; slot: Slot; parentSlot: Slot | null; node: Node | null }
  /** `slot` holds null or nothing; `rest` of the path is to be created there */
  | { kind: "empty"; slot: Slot; rest: PathSegment[] }
  /** `coll` lacks the entry `rest[0]`; the remaining `rest` is to be created as a new entry */
  | { kind: "missing"; coll: Collection; slot: Slot; rest: PathSegment[] };

export function keyText(key: unknown): string | null {
  if (isScalar(key)) {
    if (typeof key.value === "string") return key.value;
    if (key.type === "PLAIN" && typeof key.source === "string") return key.source;
    return String(key.value);
  }
  return null;
}

export function findKey(map: YAMLMap<unknown, unknown>, key: string): number {
  return map.items.findIndex((p) => isPair(p) && keyText(p.key) === key);
}

function describe(n: Node): string {
  if (isMap(n)) return "an object";
  if (isSeq(n)) return "an array";
  if (isAlias(n)) return "an alias";
  if (isScalar(n)) {
    const v = n.value;
    if (typeof v === "string") return "a string";
    if (typeof v === "number" || typeof v === "bigint") return "a number";
    if (typeof v === "boolean") return "a boolean";
    return "a scalar";
  }
  return "a value";
}

function where(segments: PathSegment[], i: number): string {
  return i === 0 ? "the document root" : formatPropertyPath(segments.slice(0, i));
}

export function walk(src: Source, segments: PathSegment[]): Walk {
  let slot: Slot = { kind: "root" };
  let parentSlot: Slot | null = null;
  let node = slotNode(src, slot);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!node || isNullScalar(node)) return { kind: "empty", slot, rest: segments.slice(i) };
    if (isAlias(node)) {
      throw new EditError("unsupported", `${where(segments, i)} is an alias (*${node.source}); edit the anchored value instead`);
    }
    if (isMap(node)) {
      if (typeof seg === "number") {
        throw new EditError("type-mismatch", `${where(segments, i)} is an object, so [${seg}] cannot index it; use a quoted key like ["${seg}"]`);
      }
      const j = findKey(node, seg);
      if (j < 0) return { kind: "missing", coll: node, slot, rest: segments.slice(i) };
      parentSlot = slot;
      slot = { kind: "pair", parent: node, index: j };
    } else if (isSeq(node)) {
      if (typeof seg === "string") {
        throw new EditError("type-mismatch", `${where(segments, i)} is an array; use an index like [0] instead of the key ${JSON.stringify(seg)}`);
      }
      if (seg >= node.items.length) {
        if (seg === node.items.length) return { kind: "missing", coll: node, slot, rest: segments.slice(i) };
        throw outOfRange(segments, i, seg, node.items.length);
      }
      parentSlot = slot;
      slot = { kind: "item", parent: node as Collection, index: seg };
    } else {
      throw new EditError("type-mismatch", `${where(segments, i)} is ${describe(node)}, so it has no ${typeof seg === "number" ? `index [${seg}]` : `property ${JSON.stringify(seg)}`}`);
    }
    node = slotNode(src, slot);
  }
  return { kind: "found", slot, parentSlot, node };
}

export function outOfRange(segments: PathSegment[], i: number, index: number, length: number): EditError {
  const name = where(segments, i);
  return new EditError(
    "out-of-range",
    length === 0
      ? `index ${index} is out of range: ${name} is empty, so only [0] can be added`
      : `index ${index} is out of range: ${name} has ${length} element${length === 1 ? "" : "s"} (use [${length}] to append)`,
  );
}
