// Secrets at rest: every plaintext `fn::secret: <string>` becomes `fn::secret: {ciphertext:
// <base64 envelope>}` and back, each rewritten where it stands so the author's comments, quoting
// and order survive. Like the reference, encryption covers the whole document while decryption
// only touches `values` (LANGUAGE.md §8).

import { isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import { layoutCanonical, type LayoutOptions } from "./canonical";
import { EditError } from "./errors";
import { openEnvelope, sealEnvelope } from "./envelope";
import { keyText } from "./navigate";
import { formatPropertyPath, type PathSegment } from "./property-path";
import { asNode, contentEnd, indentStep, nodeStart, parseSource, type Source } from "./source";
import { spliceOrReencode, type Mutation } from "./fallback";
import { applySplices, replaceSplice, type Slot } from "./splice";
import { applyToShape, shapeOf, type Shape } from "./verify";
import type { EditValue } from "./render-value";
import { isInvalidCiphertext } from "../types";

/** Turns plaintext bytes into ciphertext bytes (the envelope is added around the result). */
export interface Encrypter {
  encrypt(plaintext: Uint8Array): Promise<Uint8Array>;
}

/** Reverses an Encrypter. */
export interface Decrypter {
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array>;
}

export interface TextPosition {
  /** index into the text (UTF-16 code units) */
  offset: number;
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units (as editors such as Monaco count) */
  column: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export interface SecretLocation {
  /** path of the object holding `fn::secret`, e.g. ["values", "password"] */
  path: PathSegment[];
  /** the same path as text, e.g. `values.password` */
  pathText: string;
  state: "plaintext" | "ciphertext";
  /** from the `fn::secret` key to the end of its argument */
  range: TextRange;
  /** the argument: the plaintext string, or the `{ciphertext: …}` object */
  valueRange: TextRange;
}

/** `{"fn::secret": plaintext}`, for setValue when the value should be stored as a secret. */
export function secretValue(plaintext: string): { "fn::secret": string } {
  return { "fn::secret": plaintext };
}

interface FoundSecret {
  path: PathSegment[];
  map: YAMLMap<unknown, unknown>;
  state: "plaintext" | "ciphertext";
  /** the plaintext, or the base64 ciphertext */
  text: string;
}

function singleEntry(map: YAMLMap<unknown, unknown>, key: string): Node | null {
  if (map.items.length !== 1) return null;
  const pair = map.items[0];
  if (!isPair(pair) || keyText(pair.key) !== key) return null;
  return asNode(pair.value);
}

function stringScalar(n: Node | null): string | null {
  return isScalar(n) && typeof n.value === "string" ? n.value : null;
}

function findSecrets(src: Source): FoundSecret[] {
  const found: FoundSecret[] = [];
  const visit = (node: unknown, path: PathSegment[]) => {
    if (isMap(node)) {
      const arg = singleEntry(node, "fn::secret");
      if (arg) {
        const plain = stringScalar(arg);
        if (plain !== null) {
          found.push({ path, map: node, state: "plaintext", text: plain });
          return;
        }
        const cipher = isMap(arg) ? stringScalar(singleEntry(arg, "ciphertext")) : null;
        if (cipher !== null) {
          found.push({ path, map: node, state: "ciphertext", text: cipher });
          return;
        }
      }
      for (const pair of node.items) {
        const k = isPair(pair) ? keyText(pair.key) : null;
        if (k !== null) visit(pair.value, [...path, k]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i]));
    }
  };
  visit(src.doc?.contents ?? null, []);
  return found;
}

function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { offset, line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

function rangeOf(text: string, start: number, end: number): TextRange {
  return { start: positionOf(text, start), end: positionOf(text, end) };
}

/** Every `fn::secret` in the definition, plaintext or ciphertext, in document order. */
export function listSecrets(text: string): SecretLocation[] {
  const src = parseSource(text);
  return findSecrets(src).map((s) => {
    const pair = s.map.items[0] as { key: Node; value: Node };
    const value = pair.value;
    const end = contentEnd(text, value);
    return {
      path: s.path,
      pathText: formatPropertyPath(s.path),
      state: s.state,
      range: rangeOf(text, nodeStart(text, pair.key), end),
      valueRange: rangeOf(text, nodeStart(text, value), end),
    };
  });
}

const SECRET_DEFAULTS: LayoutOptions = { indent: 2 };

/** Encrypts every plaintext `fn::secret` string. Unchanged text when there are none. */
export async function encryptSecrets(text: string, encrypter: Encrypter, opts: LayoutOptions = {}): Promise<string> {
  const src = parseSource(text);
  const targets = findSecrets(src).filter((s) => s.state === "plaintext");
  const replacements = await Promise.all(
    targets.map(async (s) => {
      let sealed: Uint8Array;
      try {
        sealed = await encrypter.encrypt(new TextEncoder().encode(s.text));
      } catch {
        throw new EditError("crypto", `the secret at ${formatPropertyPath(s.path) || "the root"} could not be encrypted`);
      }
      return { secret: s, value: { ciphertext: sealEnvelope(sealed) } as EditValue };
    }),
  );
  return rewrite(src, replacements, { ...SECRET_DEFAULTS, ...opts });
}

/** Decrypts every ciphertext `fn::secret` under `values`. */
export async function decryptSecrets(text: string, decrypter: Decrypter, opts: LayoutOptions = {}): Promise<string> {
  const src = parseSource(text);
  const targets = findSecrets(src).filter((s) => s.state === "ciphertext" && s.path[0] === "values");
  const replacements = await Promise.all(
    targets.map(async (s) => {
      const where = formatPropertyPath(s.path);
      let inner: Uint8Array;
      try {
        inner = openEnvelope(s.text);
      } catch (e) {
        throw e instanceof EditError ? new EditError("crypto", `${where}: ${e.message}`) : e;
      }
      let plain: Uint8Array;
      try {
        plain = await decrypter.decrypt(inner);
      } catch (e) {
        if (isInvalidCiphertext(e)) throw new EditError("crypto", `${where}: invalid ciphertext: ${e.message}`);
        throw new EditError("crypto", `the secret at ${where} could not be decrypted`);
      }
      let str: string;
      try {
        str = new TextDecoder("utf-8", { fatal: true }).decode(plain);
      } catch {
        throw new EditError("crypto", `the secret at ${where} did not decrypt to UTF-8 text`);
      }
      return { secret: s, value: str as EditValue };
    }),
  );
  return rewrite(src, replacements, { ...SECRET_DEFAULTS, ...opts });
}

/**
 * Replaces ciphertexts in place, anywhere in the document: `reseal` gets each envelope's inner
 * bytes and returns the bytes to store instead, or null to leave that one as it is. For moving
 * secrets between keys or bindings without ever writing them out in plaintext.
 */
export async function resealSecrets(text: string, reseal: (ciphertext: Uint8Array, path: string) => Promise<Uint8Array | null>): Promise<string> {
  const src = parseSource(text);
  const replacements: { secret: FoundSecret; value: EditValue }[] = [];
  for (const s of findSecrets(src).filter((f) => f.state === "ciphertext")) {
    let inner: Uint8Array;
    try {
      inner = openEnvelope(s.text);
    } catch {
      continue; // not an envelope: nothing that could be decrypted, so nothing to reseal
    }
    const next = await reseal(inner, formatPropertyPath(s.path));
    if (next) replacements.push({ secret: s, value: { ciphertext: sealEnvelope(next) } as EditValue });
  }
  if (replacements.length === 0) return text;
  return rewrite(src, replacements, SECRET_DEFAULTS);
}

function rewrite(src: Source, replacements: { secret: FoundSecret; value: EditValue }[], opts: LayoutOptions): string {
  if (replacements.length === 0) return layoutCanonical(src.text, opts);
  const step = indentStep(src.text, src.doc);
  let expected: Shape = shapeOf(src.doc?.contents ?? null);
  const edits = replacements.map(({ secret, value }) => {
    expected = applyToShape(expected, [...secret.path, "fn::secret"], value);
    return { slot: { kind: "pair", parent: secret.map, index: 0 } as Slot, value };
  });
  const mutations: Mutation[] = edits.map((e) => ({ kind: "set", ...e }));
  const splices = () => edits.map((e) => replaceSplice(src, e.slot, e.value, step, { keepInnerComments: true }));
  const out = spliceOrReencode(src, () => applySplices(src.text, splices()), mutations, expected, () =>
    new EditError("unsupported", "the secrets could not be rewritten without disturbing the rest of the definition"),
  );
  return layoutCanonical(out, opts);
}
