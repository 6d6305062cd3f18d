// Byte-compatible renderings of Go library text that the language exposes:
// strconv.Quote (fn::toString, interpolation of collections) and json.Marshal (fn::toJSON).

import { MAX_STRING_LENGTH } from "./limits";
import { isMap, keysOf, NumberText, propertyOf, type Value } from "./value";

/** Thrown when a rendering would exceed MAX_STRING_LENGTH; callers turn it into a diagnostic. */
export class StringTooLong extends Error {
  constructor() {
    super(`string exceeds the maximum length of ${MAX_STRING_LENGTH}`);
  }
}

class Meter {
  n = 0;
  add(s: string): string {
    this.n += s.length;
    if (this.n > MAX_STRING_LENGTH) throw new StringTooLong();
    return s;
  }
}

function isPrintable(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp >= 0x80 && cp < 0xa0) return false;
  if (cp === 0xad) return false;
  if (cp >= 0x2028 && cp <= 0x202e) return false;
  if (cp >= 0x2060 && cp <= 0x206f) return false;
  if (cp === 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb)) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp >= 0xe000 && cp <= 0xf8ff) return false;
  if ((cp & 0xfffe) === 0xfffe) return false;
  return /\p{L}|\p{M}|\p{N}|\p{P}|\p{S}|\u0020/u.test(String.fromCodePoint(cp));
}

const hex = (n: number, w: number) => n.toString(16).padStart(w, "0");

/** Go strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (isPrintable(cp)) out += ch;
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\v") out += "\\v";
    else if (cp < 0x80) out += "\\x" + hex(cp, 2);
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else if (cp < 0x10000) out += "\\u" + hex(cp, 4);
    else out += "\\U" + hex(cp, 8);
  }
  return out + '"';
}

/** Go encoding/json string escaping (HTML-safe, U+2028/2029 escaped). */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
      out += "\\u" + hex(c, 4);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += "\\ufffd";
    } else if (c >= 0xdc00 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

/** Go json.Marshal of a value's revealed JSON: sorted keys, numbers verbatim. */
export function goJsonMarshal(v: Value, depth = 0, m = new Meter()): string {
  const r = v.repr;
  if (depth > 1000) return "null";
  if (r === null) return m.add("null");
  if (typeof r === "boolean") return m.add(r ? "true" : "false");
  if (r instanceof NumberText) return m.add(r.text);
  if (typeof r === "string") return m.add(goJsonString(r));
  if (Array.isArray(r)) return "[" + r.map((e) => goJsonMarshal(e, depth + 1, m)).join(",") + "]";
  const parts = keysOf(v).map((k) => m.add(goJsonString(k)) + ":" + goJsonMarshal(propertyOf(v, k)!, depth + 1, m));
  return "{" + parts.join(",") + "}";
}

/** Plain JSON compact encoding for diagnostics (`expected ["hello",42]`). */
export function goJsonPlain(j: unknown): string {
  if (j === null || j === undefined) return "null";
  if (typeof j === "boolean" || typeof j === "number") return String(j);
  if (typeof j === "string") return goJsonString(j);
  if (Array.isArray(j)) return "[" + j.map(goJsonPlain).join(",") + "]";
  const o = j as Record<string, unknown>;
  return "{" + Object.keys(o).sort().map((k) => goJsonString(k) + ":" + goJsonPlain(o[k])).join(",") + "}";
}

/**
 * The reference's value.toString: scalars as text, collections Go-quoted. Objects walk their
 * own map only (a reference quirk: inherited keys are left out).
 */
export function valueToString(v: Value, depth = 0, m = new Meter()): string {
  if (v.unknown) return "[unknown]";
  const r = v.repr;
  if (r === null) return "";
  if (typeof r === "boolean") return r ? "true" : "false";
  if (r instanceof NumberText) return r.text;
  if (typeof r === "string") return m.add(r);
  if (depth > 1000) return "";
  if (Array.isArray(r)) return r.map((e) => m.add(goQuote(valueToString(e, depth + 1, m)))).join(",");
  if (isMap(r)) {
    return [...r.keys()]
      .sort()
      .map((k) => `${goQuote(k)}=${m.add(goQuote(valueToString(r.get(k)!, depth + 1, m)))}`)
      .join(",");
  }
  return "";
}
