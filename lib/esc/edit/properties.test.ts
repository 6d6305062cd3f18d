// Property tests: random documents in random layouts (flow/block, quoting, indentation, comments)
// and random edits. Edits either succeed with exactly the intended data and every comment kept,
// or fail with an EditError; encrypt→decrypt gives the text back.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, isPair, isScalar, parse, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import { keyArb, layoutArb, render, rootArb, scalarArb, strArb, valueArb, type Json } from "../../../testing/random-docs";
import {
  decryptSecrets,
  deleteValue,
  EditError,
  encryptSecrets,
  listSecrets,
  rot128,
  setValue,
  type PathSegment,
} from "./index";

function paths(v: Json, prefix: PathSegment[] = []): { path: PathSegment[]; value: Json }[] {
  const out = [{ path: prefix, value: v }];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function clone(v: Json): Json {
  return JSON.parse(JSON.stringify(v));
}

function setIn(root: Json, path: PathSegment[], value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : clone(value);
  const copy = clone(root) as { [k: string]: Json } | Json[];
  let cur = copy as unknown as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as unknown as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else cur[last] = clone(value);
  return copy;
}

/** Reads YAML as JSON, treating the canonical shapes the same way as setIn does. */
function data(text: string): unknown {
  return JSON.parse(JSON.stringify(parse(text) ?? null));
}

function expectOnlyEditErrors(run: () => unknown): unknown {
  try {
    return run();
  } catch (e) {
    expect(e).toBeInstanceOf(EditError);
    return e;
  }
}

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 400) };

describe("edits on random documents", () => {
  it("replace / add / append / delete succeed with exactly the intended data, comments kept", () => {
    fc.assert(
      fc.property(rootArb, layoutArb, fc.nat(), fc.nat(3), valueArb, keyArb, (root, layout, pick, op, value, newKey) => {
        const r = render(root, layout);
        fc.pre(r !== null);
        const { text, comments } = r!;
        const all = paths(root);
        const target = all[pick % all.length];
        const containers = all.filter((p) => p.value !== null && typeof p.value === "object");
        let path: PathSegment[];
        let expected: Json;
        let out: string;
        if (op === 0 && target.path.length > 0) {
          path = target.path;
          expected = setIn(root, path, value);
          out = setValue(text, path, value);
        } else if (op === 1 || op === 0) {
          const c = containers[pick % containers.length];
          const len = Array.isArray(c.value) ? c.value.length : 0;
          path = Array.isArray(c.value) ? [...c.path, len] : [...c.path, newKey];
          expected = setIn(root, path, value);
          out = setValue(text, path, value);
        } else if (op === 2 && target.path.length > 0) {
          path = target.path;
          expected = setIn(root, path, undefined);
          const parent = all.find((p) => JSON.stringify(p.path) === JSON.stringify(path.slice(0, -1)))!.value;
          const emptied = Array.isArray(parent) ? parent.length === 1 : Object.keys(parent as object).length === 1;
          out = deleteValue(text, path);
          if (!emptied) {
            // removing an entry may take its own comments (head, inline, nested) with it, no others
            const own = commentsOfEntry(text, path);
            for (const c of comments) if (!own.includes(c)) expect(out).toContain(c);
          }
          expect(data(out)).toEqual(expected);
          return;
        } else {
          return;
        }
        expect(data(out)).toEqual(JSON.parse(JSON.stringify(expected)));
        const replacedComments = commentsInside(text, path);
        for (const c of comments) if (!replacedComments.includes(c)) expect(out).toContain(c);
      }),
      RUNS,
    );
  });

  it("random paths fail only with EditError, and success means the intended data", () => {
    const segArb = fc.oneof(keyArb, fc.nat(3));
    fc.assert(
      fc.property(rootArb, layoutArb, fc.array(segArb, { minLength: 1, maxLength: 4 }), valueArb, fc.boolean(), (root, layout, path, value, del) => {
        const r = render(root, layout);
        fc.pre(r !== null);
        const out = expectOnlyEditErrors(() => (del ? deleteValue(r!.text, path) : setValue(r!.text, path, value)));
        if (typeof out === "string") expect(() => parse(out)).not.toThrow();
        if (out instanceof EditError) expect(out.code).not.toBe("unsupported");
      }),
      RUNS,
    );
  });

  it("arbitrary text never throws anything but EditError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40, unit: "grapheme-ascii" }), fc.string({ maxLength: 10 }), async (text, path) => {
        expectOnlyEditErrors(() => setValue(text, path, "v"));
        expectOnlyEditErrors(() => deleteValue(text, path));
        expectOnlyEditErrors(() => listSecrets(text));
        await encryptSecrets(text, rot128).catch((e) => expect(e).toBeInstanceOf(EditError));
        await decryptSecrets(text, rot128).catch((e) => expect(e).toBeInstanceOf(EditError));
      }),
      RUNS,
    );
  });
});

/** Comment markers inside the value at `path` (they go away when it is replaced). */
/** Comment markers an entry owns: its head comment lines, the entry's lines, nested comments. */
function commentsOfEntry(text: string, path: PathSegment[]): string[] {
  const doc = parseDocument(text);
  const parent = doc.getIn(path.slice(0, -1), true) as YAMLMap | YAMLSeq | undefined;
  const last = path[path.length - 1];
  const item = isMap(parent)
    ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last))
    : (parent as YAMLSeq).items[last as number];
  const nodes = [isPair(item) ? item.key : item, isPair(item) ? item.value : null].filter(Boolean) as { range?: number[] }[];
  const end = Math.max(...nodes.map((n) => n.range![2]));
  // from the previous sibling's end (comments after an entry's indicator are the entry's)
  const items = (parent as YAMLSeq).items as unknown[];
  const index = items.indexOf(item);
  const prev = index > 0 ? (items[index - 1] as { value?: { range?: number[] }; range?: number[] }) : null;
  const prevEnd = prev ? (isPair(prev) ? (prev.value as { range: number[] }).range[1] : prev.range![1]) : (parent as { range: number[] }).range[0];
  let start = text.lastIndexOf("\n", prevEnd - 1) + 1;
  if (prev) start = text[prevEnd - 1] === "\n" ? prevEnd : text.indexOf("\n", prevEnd) + 1;
  start = Math.min(start, text.lastIndexOf("\n", Math.min(...nodes.map((n) => n.range![0]))) + 1);
  for (;;) {
    if (start === 0) break;
    const prev = text.lastIndexOf("\n", start - 2) + 1;
    if (!/^[ \t]*#/.test(text.slice(prev, start))) break;
    start = prev;
  }
  const lineEnd = text.indexOf("\n", end);
  return text.slice(start, lineEnd < 0 ? text.length : lineEnd).match(/cmt\d+/g) ?? [];
}

function commentsInside(text: string, path: PathSegment[]): string[] {
  const node = parseDocument(text).getIn(path, true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return [];
  return text.slice(node.range[0], node.range[2]).match(/cmt\d+/g) ?? [];
}

describe("secrets on random documents", () => {
  const secretTreeArb = fc.letrec<{ value: Json; obj: { [k: string]: Json } }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      strArb.map((s) => ({ "fn::secret": s }) as Json),
      scalarArb,
      tie("obj"),
      fc.array(tie("value"), { maxLength: 2 }),
    ),
    obj: fc.dictionary(keyArb, tie("value"), { maxKeys: 3 }),
  })).obj;

  it("encrypt then decrypt keeps data and comments; a second round trip is byte-identical", async () => {
    await fc.assert(
      fc.asyncProperty(secretTreeArb, layoutArb, async (values, layout) => {
        const root = { values } as Json;
        const r = render(root, layout);
        fc.pre(r !== null);
        const sealed = await encryptSecrets(r!.text, rot128);
        for (const c of r!.comments) expect(sealed).toContain(c);
        expect(listSecrets(sealed).every((s) => s.state === "ciphertext")).toBe(true);
        const opened = await decryptSecrets(sealed, rot128);
        expect(data(opened)).toEqual(data(r!.text));
        for (const c of r!.comments) expect(opened).toContain(c);
        // A comment between `fn::secret:` and its value settles after one round; from then on
        // the round trip is byte-identical.
        const sealedAgain = await encryptSecrets(opened, rot128);
        expect(await decryptSecrets(sealedAgain, rot128)).toBe(opened);
        expect(await encryptSecrets(await decryptSecrets(sealedAgain, rot128), rot128)).toBe(sealedAgain);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});
