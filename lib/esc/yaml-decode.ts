// YAML text → syntax tree. Uses the `yaml` package only for tokenising/composing; scalar
// resolution, ranges and error wording follow the reference decoder (LANGUAGE.md §2).

import { isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Node as YNode } from "yaml";
import { errorDiag, type Diagnostic, type Range } from "./diagnostics";
import { MAX_DOCUMENT_SIZE, MAX_NESTING_DEPTH } from "./limits";
import { joinIndex, joinKey } from "./path";
import { buildLineIndex, posAt, posAtLineColumn, utf8Length, type LineIndex } from "./positions";
import type { ObjectEntry, StringNode, SyntaxNode } from "./syntax";
import { resolvePlainScalar } from "./yaml-scalars";

export interface DecodeResult {
  /** undefined when decoding failed (then `diagnostics` has at least one error) */
  node?: SyntaxNode;
  diagnostics: Diagnostic[];
}

class DecodeAbort extends Error {}

const CORE_TAG = "tag:yaml.org,2002:";

export function decodeYAML(filename: string, text: string): DecodeResult {
  if (text.length > MAX_DOCUMENT_SIZE) {
    return { diagnostics: [errorDiag(`document exceeds the maximum size of ${MAX_DOCUMENT_SIZE} characters`)] };
  }
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false, schema: "failsafe", keepSourceTokens: false, prettyErrors: false });
  } catch (e) {
    if (e instanceof RangeError) {
      return { diagnostics: [errorDiag(`document exceeds the maximum nesting depth of ${MAX_NESTING_DEPTH}`)] };
    }
    return { diagnostics: [errorDiag(`yaml: ${e instanceof Error ? e.message : String(e)}`)] };
  }
  const index = buildLineIndex(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const msg = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    if (/call stack/i.test(msg)) {
      return { diagnostics: [errorDiag(`document exceeds the maximum nesting depth of ${MAX_NESTING_DEPTH}`)] };
    }
    // go-yaml names only the line ("yaml: line 15: …"); the range is ours, so the editor can
    // underline the spot. `linePos` is not filled in without prettyErrors, so map `pos`.
    const [from, to] = e.pos ?? [0, 0];
    const start = Math.min(Math.max(0, from), text.length);
    const end = Math.min(Math.max(start, to), text.length);
    const range: Range = { filename, start: posAt(index, start), end: posAt(index, end) };
    return { diagnostics: [errorDiag(`yaml: line ${range.start.line}: ${msg}`, range)] };
  }
  const diags: Diagnostic[] = [];
  const dec = new Decoder(filename, index, diags);
  try {
    const contents = doc.contents as YNode | null;
    const node: SyntaxNode = contents
      ? dec.node(contents, "", 0)
      : { kind: "object", entries: [], path: "", range: dec.range(0, 0) };
    if (diags.length > 0) return { diagnostics: diags };
    return { node, diagnostics: [] };
  } catch (e) {
    if (e instanceof DecodeAbort) return { diagnostics: diags };
    throw e;
  }
}

class Decoder {
  constructor(
    private filename: string,
    private index: LineIndex,
    private diags: Diagnostic[],
  ) {}

  range(start: number, end: number): Range {
    const s = posAt(this.index, start);
    return { filename: this.filename, start: s, end: end === start ? { ...s } : posAt(this.index, end) };
  }

  private scalarRange(n: Scalar, text: string): Range {
    let startOffset = n.range?.[0] ?? 0;
    if (text === "" && n.type === "PLAIN") startOffset = this.emptyScalarOffset(startOffset);
    // go-yaml starts a tagged node at its tag and counts the tag (plus a space) in its length
    const tag = this.writtenTag(n, startOffset);
    if (tag) startOffset = tag.offset;
    const start = posAt(this.index, startOffset);
    const extra = tag ? utf8Length(tag.text) + 1 : 0;
    let end;
    if (n.type === "BLOCK_LITERAL" && text.includes("\n")) {
      const lines = text.split("\n");
      end = posAtLineColumn(this.index, start.line + lines.length - 1, start.column + utf8Length(lines[lines.length - 1]));
    } else {
      end = posAtLineColumn(this.index, start.line, start.column + utf8Length(text) + extra);
    }
    return { filename: this.filename, start, end };
  }

  /** The tag as written before a node (`!!str`, `!custom`) and where it starts. */
  private writtenTag(n: YNode, offset: number): { text: string; offset: number } | undefined {
    if (!n.tag) return undefined;
    const text = n.tag.startsWith(CORE_TAG) ? "!!" + n.tag.slice(CORE_TAG.length) : n.tag;
    const t = this.index.text;
    let i = offset - 1;
    while (i >= 0 && (t[i] === " " || t[i] === "\t")) i--;
    const at = i + 1 - text.length;
    return at >= 0 && t.slice(at, i + 1) === text ? { text, offset: at } : undefined;
  }

  /** go-yaml places an empty scalar right after its `-` or `:` indicator. */
  private emptyScalarOffset(offset: number): number {
    const t = this.index.text;
    let i = offset - 1;
    while (i >= 0 && (t[i] === " " || t[i] === "\t" || t[i] === "\n" || t[i] === "\r")) i--;
    return i >= 0 && (t[i] === "-" || t[i] === ":") ? i + 1 : offset;
  }

  node(n: YNode, path: string, depth: number): SyntaxNode {
    if (depth > MAX_NESTING_DEPTH) {
      const at = n.range ? this.range(n.range[0], n.range[0]) : undefined;
      this.diags.push(errorDiag(`document exceeds the maximum nesting depth of ${MAX_NESTING_DEPTH}`, at, path));
      throw new DecodeAbort();
    }
    if (isAlias(n)) {
      // go-yaml's alias node spans the name without the `*`
      const r = this.range(n.range![0], n.range![0]);
      r.end = posAtLineColumn(this.index, r.start.line, r.start.column + utf8Length(String(n.source)));
      this.diags.push(errorDiag("alias nodes are not supported", r, path));
      throw new DecodeAbort();
    }
    if (isScalar(n)) return this.scalar(n, path);
    if (isSeq(n)) {
      const elements: SyntaxNode[] = [];
      n.items.forEach((item, i) => {
        elements.push(this.child(item as YNode | null, joinIndex(path, i), depth, n.range![1]));
      });
      const start = this.writtenTag(n, n.range![0])?.offset ?? n.range![0];
      return { kind: "array", elements, path, range: this.collectionRange(start, elements) };
    }
    if (isMap(n)) {
      const entries: ObjectEntry[] = [];
      for (const pair of n.items) {
        const k = pair.key as YNode | null;
        const key = this.key(k, path, n.range![0]);
        if (!key) continue;
        const value = this.child(pair.value as YNode | null, key.path, depth, k?.range?.[2] ?? n.range![1]);
        entries.push({ key, value });
      }
      const last = entries.length ? entries[entries.length - 1].value : undefined;
      const start = this.writtenTag(n, n.range![0])?.offset ?? n.range![0];
      const range = this.range(start, start);
      if (last) range.end = { ...last.range.end };
      return { kind: "object", entries, path, range };
    }
    this.diags.push(errorDiag("unsupported YAML node", undefined, path));
    throw new DecodeAbort();
  }

  private child(n: YNode | null, path: string, depth: number, fallback: number): SyntaxNode {
    if (n === null || n === undefined) return { kind: "null", path, range: this.range(fallback, fallback) };
    return this.node(n, path, depth + 1);
  }

  private collectionRange(start: number, children: SyntaxNode[]): Range {
    const r = this.range(start, start);
    if (children.length) r.end = { ...children[children.length - 1].range.end };
    return r;
  }

  private key(k: YNode | null, parentPath: string, fallback: number): StringNode | undefined {
    if (k === null || k === undefined) {
      this.diags.push(errorDiag("mapping keys must be strings", this.range(fallback, fallback), parentPath));
      return undefined;
    }
    if (isScalar(k)) {
      const node = this.scalar(k, parentPath);
      if (node.kind === "string") {
        node.path = joinKey(parentPath, node.value);
        return node;
      }
    }
    const r = k.range ? this.range(k.range[0], k.range[1]) : undefined;
    this.diags.push(errorDiag("mapping keys must be strings", r, parentPath));
    return undefined;
  }

  private scalar(n: Scalar, path: string): SyntaxNode {
    const raw = String(n.value ?? "");
    const range = this.scalarRange(n, n.type === "PLAIN" && typeof n.source === "string" ? n.source : raw);
    const tag = n.tag?.startsWith(CORE_TAG) ? n.tag.slice(CORE_TAG.length) : n.tag;
    const plain = n.type === "PLAIN" || n.type === undefined;
    // quoted, `!!str` and custom-tagged scalars stay strings (the reference decodes no tags)
    if (tag === "str" || (!plain && !tag) || (tag && !n.tag?.startsWith(CORE_TAG))) {
      return this.stringNode(raw, path, range, false);
    }
    const res = resolvePlainScalar(raw);
    switch (res.kind) {
      case "null":
        return { kind: "null", path, range };
      case "boolean":
        return { kind: "boolean", value: res.value, path, range };
      case "number":
        return { kind: "number", value: res.value, path, range };
      default:
        // only a string with a `$` can hold an interpolation whose errors point inside it
        return this.stringNode(raw, path, range, plain && raw.includes("$") && !raw.includes("\n"));
    }
  }

  private stringNode(value: string, path: string, range: Range, sub: boolean): StringNode {
    const node: StringNode = { kind: "string", value, path, range };
    if (sub) node.sub = { index: this.index, line: range.start.line, column: range.start.column };
    return node;
  }
}
