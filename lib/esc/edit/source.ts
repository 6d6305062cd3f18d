// Parsing a definition and finding where things are in its text. Edits are splices into the
// original string, so everything here is about offsets: where a value's text starts (its tag or
// anchor included), where its content ends (its trailing comment excluded), which column a
// collection is indented to.

import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  Parser,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { EditError } from "./errors";
import { column, lineEnd, lineStart, onlySpacesBefore, skipTrivia } from "./text-lines";

// Offsets within lines, used here and by every editing module (which import them from here).
export { column, lineEnd, lineIndent, lineStart, nextLineStart, onlySpacesBefore, restIsTrivia, skipBlanks, skipTrivia } from "./text-lines";

export interface Source {
  text: string;
  /** the single document; `null` for an empty or comment-only text */
  doc: Document.Parsed | null;
}

const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: false } as const;

export function parseSource(text: string): Source {
  if (typeof text !== "string") throw new EditError("invalid-yaml", "the definition must be text");
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (docs.length === 0) return { text, doc: null }; // empty or comment-only text
  if (docs.length > 1) {
    throw new EditError("invalid-yaml", `the definition holds ${docs.length} YAML documents; an environment is a single document`);
  }
  const doc = docs[0] ?? null;
  if (doc && doc.errors.length > 0) {
    const err = doc.errors[0];
    const lc = new LineCounter();
    let p = 0;
    for (;;) {
      lc.addNewLine(p);
      const nl = text.indexOf("\n", p);
      if (nl < 0) break;
      p = nl + 1;
    }
    const pos = lc.linePos(err.pos[0]);
    throw new EditError(
      "invalid-yaml",
      `the definition is not valid YAML (line ${pos.line}, column ${pos.col}): ${describeYamlError(err.code)}`,
    );
  }
  return { text, doc };
}

// Our own wording for the parser's error codes; the parser's messages can quote source text.
function describeYamlError(code: string): string {
  switch (code) {
    case "BAD_INDENT":
      return "inconsistent indentation";
    case "MISSING_CHAR":
      return "a closing quote or bracket is missing";
    case "MULTILINE_IMPLICIT_KEY":
      return "a key must be on a single line";
    case "BLOCK_AS_IMPLICIT_KEY":
    case "BAD_COLLECTION_TYPE":
      return "a mapping key is not allowed here";
    case "TAB_AS_INDENT":
      return "tabs cannot be used for indentation";
    case "DUPLICATE_KEY":
      return "a key appears twice";
    case "BAD_ALIAS":
    case "ALIAS_PROPS":
      return "an alias is malformed";
    case "UNEXPECTED_TOKEN":
      return "unexpected text";
    case "BAD_DQ_ESCAPE":
      return "a double-quoted string has an invalid escape sequence";
    case "BAD_SCALAR_START":
      return "a value starts with a reserved character (quote it)";
    case "BLOCK_IN_FLOW":
      return "block-style content inside [ ] or { }";
    case "KEY_OVER_1024_CHARS":
      return "a key is longer than 1024 characters";
    case "MULTIPLE_ANCHORS":
    case "MULTIPLE_TAGS":
      return "a value has more than one anchor or tag";
    case "BAD_DIRECTIVE":
      return "a % directive is malformed";
    case "TAG_RESOLVE_FAILED":
      return "a tagged value could not be read";
    default:
      return "the structure could not be read";
  }
}

export type Collection = YAMLMap<unknown, unknown> | YAMLSeq<unknown>;

export function isCollection(n: unknown): n is Collection {
  return isMap(n) || isSeq(n);
}

export function asNode(n: unknown): Node | null {
  if (isScalar(n) || isMap(n) || isSeq(n) || isAlias(n)) return n as Node;
  return null;
}

/** A `key:` with nothing after it: an empty plain scalar. */
export function isEmptyNull(n: unknown): boolean {
  return isScalar(n) && n.value === null && n.range != null && n.range[0] === n.range[1];
}

export function isNullScalar(n: unknown): boolean {
  return isScalar(n) && n.value === null;
}

export function isFlow(n: Collection): boolean {
  return n.flow === true;
}

/** Where a node's text begins, including a tag or anchor written before it. */
export function nodeStart(text: string, node: Node): number {
  let p = node.range![0];
  let props = (node.anchor ? 1 : 0) + (node.tag ? 1 : 0);
  while (props > 0) {
    let q = p;
    while (q > 0 && /[ \t\r\n]/.test(text[q - 1])) q--;
    let s = q;
    while (s > 0 && !/[ \t\r\n[{,]/.test(text[s - 1])) s--;
    const token = text.slice(s, q);
    if (!(token.startsWith("!") || token.startsWith("&")) || inComment(text, s)) break;
    p = s;
    props--;
  }
  return p;
}

function inComment(text: string, pos: number): boolean {
  const before = text.slice(lineStart(text, pos), pos);
  return /(^|[ \t])#/.test(before);
}

/** Where a node's content ends: after its last character, before any trailing comment. */
export function contentEnd(text: string, node: Node): number {
  if (isScalar(node)) {
    if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
      const [s, e] = node.range!;
      return s + text.slice(s, e).replace(/[\s]+$/, "").length;
    }
    return node.range![1];
  }
  if (isAlias(node)) return node.range![1];
  const coll = node as Collection;
  if (isFlow(coll) || coll.items.length === 0) return coll.range![1];
  const last = coll.items[coll.items.length - 1];
  return itemEnd(text, last);
}

/** End of a collection item's content (a pair's value, or its key when it has no value). */
export function itemEnd(text: string, item: unknown): number {
  if (isPair(item)) {
    const v = asNode(item.value);
    if (v && v.range) return contentEnd(text, v);
    const k = asNode(item.key);
    if (k && k.range) return contentEnd(text, k);
    throw unsupported();
  }
  const n = asNode(item);
  if (!n || !n.range) throw unsupported();
  return contentEnd(text, n);
}

/** Start of a collection item: a pair's key, a flow item's text, or a block item's dash. */
export function itemStarts(text: string, coll: Collection): number[] {
  const starts: number[] = [];
  const block = !isFlow(coll);
  coll.items.forEach((item, i) => {
    if (isPair(item)) {
      const k = asNode(item.key);
      if (!k || !k.range || (k.range[0] === k.range[1] && isNullScalar(k))) throw unsupported();
      starts.push(block ? explicitKeyStart(text, nodeStart(text, k)) : nodeStart(text, k));
    } else if (block && isSeq(coll)) {
      const from = i === 0 ? coll.range![0] : itemEnd(text, coll.items[i - 1]);
      const dash = skipTrivia(text, from);
      if (text[dash] !== "-") throw unsupported();
      starts.push(dash);
    } else {
      const n = asNode(item);
      if (!n || !n.range) throw unsupported();
      starts.push(nodeStart(text, n));
    }
  });
  return starts;
}

/** A `? key` entry starts at its `?`. */
function explicitKeyStart(text: string, keyStart: number): number {
  let p = keyStart;
  while (p > 0 && (text[p - 1] === " " || text[p - 1] === "\t")) p--;
  if (p > 0 && text[p - 1] === "?" && /^[ \t]*(?:-[ \t]+)*$/.test(text.slice(lineStart(text, p - 1), p - 1))) return p - 1;
  return keyStart;
}

/** The offset just after the `:` that follows a pair's key. */
export function colonEnd(text: string, pair: Pair<unknown, unknown>): number {
  const k = asNode(pair.key);
  if (!k || !k.range) throw unsupported();
  const p = skipTrivia(text, contentEnd(text, k));
  if (text[p] !== ":") throw unsupported();
  return p + 1;
}

export function unsupported(): EditError {
  return new EditError("unsupported", "this part of the definition uses YAML features (complex keys or unusual layout) that cannot be edited in place");
}

/** The indentation step the author uses: the smallest positive nesting difference seen, else 2. */
export function indentStep(text: string, doc: Document.Parsed | null): number {
  let best = 0;
  const visit = (n: unknown, parentCol: number | null) => {
    if (!isCollection(n) || !n.range) return;
    if (!isFlow(n) && n.items.length > 0) {
      const first = itemStarts(text, n)[0];
      const col = column(text, first);
      if (parentCol !== null && col > parentCol && onlySpacesBefore(text, first)) {
        const d = col - parentCol;
        if (best === 0 || d < best) best = d;
      }
      for (const item of n.items) {
        if (isPair(item)) visit(item.value, isMap(n) ? col : null);
        else visit(item, null);
      }
    }
  };
  try {
    visit(doc?.contents, null);
  } catch {
    return 2;
  }
  return best > 0 && best <= 8 ? best : 2;
}

/** Offsets and text of every comment in the text (from the parser's token stream, so `#` inside
 * quoted or block scalars is never mistaken for one). */
let commentCache: { text: string; tokens: { offset: number; source: string }[] } | null = null;

export function commentTokens(text: string): { offset: number; source: string }[] {
  // one document's secrets are rewritten in a batch; tokenize it once
  if (commentCache?.text === text) return commentCache.tokens;
  const out: { offset: number; source: string }[] = [];
  const walk = (t: unknown) => {
    if (Array.isArray(t)) t.forEach(walk);
    else if (t && typeof t === "object") {
      const tok = t as { type?: string; offset?: number; source?: string };
      if (tok.type === "comment" && typeof tok.offset === "number" && typeof tok.source === "string") {
        out.push({ offset: tok.offset, source: tok.source });
        return;
      }
      for (const v of Object.values(t)) if (v && typeof v === "object") walk(v);
    }
  };
  for (const token of new Parser().parse(text)) walk(token);
  out.sort((a, b) => a.offset - b.offset);
  commentCache = { text, tokens: out };
  return out;
}

