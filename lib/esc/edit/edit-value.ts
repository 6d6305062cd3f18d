// setValue/deleteValue: change one value at a property path and leave the rest of the text as
// the author wrote it. The result is re-parsed and compared with the intended data before it is
// returned, so a layout we mis-handle becomes an EditError instead of a corrupted definition.

import { EditError } from "./errors";
import { layoutCanonical, type LayoutOptions } from "./canonical";
import { outOfRange, walk } from "./navigate";
import { formatPropertyPath, toSegments, type PathSegment, type PropertyPath } from "./property-path";
import { checkValue, type EditValue } from "./render-value";
import { parseSource, indentStep, type Source } from "./source";
import { appendSplice, applySplices, removeSplice, replaceSplice, type Splice } from "./splice";
import { applyToShape, sameShape, shapeOf } from "./verify";

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
  const splice = setSplice(src, segments, value);
  const out = applySplices(text, [splice]);
  verify(src, out, segments, value);
  return layoutCanonical(out, opts);
}

/** Removes the entry at `path`. Removing the last entry of an object or array leaves `{}` / `[]`. */
export function deleteValue(text: string, path: string | PropertyPath, opts: EditOptions = {}): string {
  const segments = toSegments(path);
  if (segments.length === 0) throw new EditError("invalid-path", "the path is empty; the whole document cannot be deleted");
  const src = parseSource(text);
  const out = applySplices(text, deleteSplices(src, segments));
  verify(src, out, segments, undefined);
  return layoutCanonical(out, opts);
}

function setSplice(src: Source, segments: PathSegment[], value: EditValue): Splice {
  const step = indentStep(src.text, src.doc);
  const w = walk(src, segments);
  if (w.kind === "found") return replaceSplice(src, w.slot, value, step);
  const done = segments.length - w.rest.length;
  if (w.kind === "empty") return replaceSplice(src, w.slot, nest(segments, done, value), step);
  const [first, ...rest] = w.rest;
  const inner = nest(segments, done + 1, value);
  return appendSplice(src, w.coll, typeof first === "string" ? first : null, inner, step);
  void rest;
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

function deleteSplices(src: Source, segments: PathSegment[]): Splice[] {
  const w = walk(src, segments);
  if (w.kind !== "found" || w.slot.kind === "root" || w.parentSlot === null) {
    throw new EditError("not-found", `there is no value at ${formatPropertyPath(segments)}`);
  }
  return removeSplice(src, w.slot.parent, w.slot.index, w.parentSlot, indentStep(src.text, src.doc));
}

function verify(before: Source, after: string, segments: PathSegment[], value: EditValue | undefined): void {
  let parsed: Source;
  try {
    parsed = parseSource(after);
  } catch {
    throw cannotEdit(segments);
  }
  const expected = applyToShape(shapeOf(before.doc?.contents ?? null), segments, value);
  if (!sameShape(shapeOf(parsed.doc?.contents ?? null), expected)) throw cannotEdit(segments);
}

function cannotEdit(segments: PathSegment[]): EditError {
  return new EditError(
    "unsupported",
    `${formatPropertyPath(segments) || "the document"} could not be changed without disturbing the rest of the definition; edit it by hand`,
  );
}
