// setValue/deleteValue: change one value at a property path and leave the rest of the text as
// the author wrote it. The result is re-parsed and compared with the intended data before it is
// returned; when the splice cannot be trusted the edit falls back to re-encoding the document
// (fallback.ts), so a layout we mis-handle never becomes a corrupted definition.

import { EditError } from "./errors";
import { layoutCanonical, type LayoutOptions } from "./canonical";
import { outOfRange, walk } from "./navigate";
import { formatPropertyPath, toSegments, type PathSegment, type PropertyPath } from "./property-path";
import { checkValue, type EditValue } from "./render-value";
import { indentStep, isFlow, parseSource, type Collection } from "./source";
import { appendSplice } from "./append-entry";
import { removeSplice } from "./remove-entry";
import { applySplices, replaceSplice, type Slot, type Splice } from "./splice";
import { applyToShape, shapeOf } from "./verify";
import { spliceOrReencode, type Mutation } from "./fallback";

export type EditOptions = LayoutOptions;

/**
 * Sets the value at `path` (a property path like `values.a[0]["b.c"]`, or its segments),
 * creating missing objects and arrays on the way. An index equal to an array's length appends.
 * `value` is JSON-shaped; `{"fn::secret": "…"}` writes a plaintext secret for encryptSecrets.
 */
export function setValue(text: string, path: string | PropertyPath, value: unknown, opts: EditOptions = {}): string {
  const segments = toSegments(path);
  checkValue(value);
  const src = parseSource(text);
  const step = indentStep(src.text, src.doc);
  const w = walk(src, segments);
  const expected = applyToShape(shapeOf(src.doc?.contents ?? null), segments, value);
  let splice: () => Splice;
  let mutation: Mutation;
  if (w.kind === "found") {
    splice = () => replaceSplice(src, w.slot, value, step);
    mutation = { kind: "set", slot: w.slot, value };
  } else if (w.kind === "empty") {
    const v = nest(segments, segments.length - w.rest.length, value);
    splice = () => replaceSplice(src, w.slot, v, step);
    mutation = { kind: "set", slot: w.slot, value: v };
  } else {
    const first = w.rest[0];
    const key = typeof first === "string" ? first : null;
    const v = nest(segments, segments.length - w.rest.length + 1, value);
    if (isEmptyBlockPlaceholder(w.coll, w.slot)) {
      // `{}` / `[]` in block context is how an empty block collection is written (our deletes
      // and the reference's encoder both produce it), so it grows back into block style.
      const whole = key === null ? [v] : { [key]: v };
      splice = () => replaceSplice(src, w.slot, whole, step);
    } else {
      splice = () => appendSplice(src, w.coll, key, v, step);
    }
    mutation = { kind: "add", parent: w.slot, key, value: v };
  }
  const out = spliceOrReencode(src, () => applySplices(text, [splice()]), [mutation], expected, () => cannotEdit(segments));
  return layoutCanonical(out, opts);
}

/** Removes the entry at `path`. Removing the last entry of an object or array leaves `{}` / `[]`. */
export function deleteValue(text: string, path: string | PropertyPath, opts: EditOptions = {}): string {
  const segments = toSegments(path);
  if (segments.length === 0) throw new EditError("invalid-path", "the path is empty; the whole document cannot be deleted");
  const src = parseSource(text);
  const w = walk(src, segments);
  if (w.kind !== "found" || w.slot.kind === "root" || w.parentSlot === null) {
    throw new EditError("not-found", `there is no value at ${formatPropertyPath(segments)}`);
  }
  const { slot, parentSlot } = w;
  const expected = applyToShape(shapeOf(src.doc?.contents ?? null), segments, undefined);
  const splices = () => removeSplice(src, slot.parent, slot.index, parentSlot, indentStep(src.text, src.doc));
  const out = spliceOrReencode(src, () => applySplices(text, splices()), [{ kind: "remove", slot }], expected, () => cannotEdit(segments));
  return layoutCanonical(out, opts);
}

/** The value to write at `segments[from-1]` so that `segments[from..]` leads to `value`. */
function nest(segments: PathSegment[], from: number, value: EditValue): EditValue {
  let v = value;
  for (let i = segments.length - 1; i >= from; i--) {
    const seg = segments[i];
    if (typeof seg === "number") {
      if (seg !== 0) throw outOfRange(segments, i, seg, 0);
      v = [v];
    } else {
      v = { [seg]: v };
    }
  }
  return v;
}

function isEmptyBlockPlaceholder(coll: Collection, slot: Slot): boolean {
  if (!isFlow(coll) || coll.items.length > 0 || coll.anchor || coll.tag) return false;
  return slot.kind === "root" || !isFlow(slot.parent);
}

function cannotEdit(segments: PathSegment[]): EditError {
  return new EditError(
    "unsupported",
    `${formatPropertyPath(segments) || "the document"} could not be changed without disturbing the rest of the definition; edit it by hand`,
  );
}
