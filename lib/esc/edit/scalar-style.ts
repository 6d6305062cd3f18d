// How a new string is written, following the choices go-yaml v3 makes when the reference
// encodes a fresh string node: plain when that reads back as the same string, single quotes
// when plain is not allowed, double quotes when plain would change the type (`"true"`, `"42"`)
// or the text has characters only escapes can carry.

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const BOOLS = new Set(["true", "True", "TRUE", "false", "False", "FALSE"]);
// YAML 1.1 booleans: go-yaml quotes them so YAML 1.1 readers keep them strings.
const OLD_BOOLS = new Set(
  "y Y yes Yes YES n N no No NO on On ON off Off OFF".split(" "),
);
const INT = /^[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

/** True when the plain text would be read back as something other than a string. */
export function resolvesToNonString(s: string): boolean {
  return (
    NULLS.has(s) ||
    BOOLS.has(s) ||
    OLD_BOOLS.has(s) ||
    INT.test(s) ||
    FLOAT.test(s) ||
    SPECIAL_FLOAT.test(s) ||
    BASE60.test(s) ||
    TIMESTAMP.test(s) ||
    s === "<<"
  );
}

/** Characters that only a double-quoted scalar can carry (control characters, BOM, etc.). */
export function needsEscapes(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff || c === 0x2028 || c === 0x2029) return true;
    if (c >= 0xd800 && c <= 0xdfff) return true; // lone surrogate
    if (c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}

const FIRST_CHAR_INDICATORS = new Set([..."#,[]{}&*!|>'\"%@`"]);
const FLOW_INDICATORS = new Set([..."[]{},"]);

/** Whether `s` may be written without quotes, in block or flow context (libyaml's analysis). */
export function plainAllowed(s: string, flow: boolean): boolean {
  if (s === "" || needsEscapes(s)) return false;
  if (s.startsWith("---") || s.startsWith("...")) return false;
  if (/^\s|\s$/.test(s)) return false;
  const first = s[0];
  const blankAfter = (i: number) => i + 1 >= s.length || s[i + 1] === " " || s[i + 1] === "\t";
  if (FIRST_CHAR_INDICATORS.has(first)) return false;
  if ((first === "-" || first === "?" || first === ":") && blankAfter(0)) return false;
  if (flow && (first === "?" || first === ":")) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ":" && (blankAfter(i) || flow)) return false;
    if (c === "#" && i > 0 && (s[i - 1] === " " || s[i - 1] === "\t")) return false;
    if (flow && (FLOW_INDICATORS.has(c) || c === "?")) return false;
  }
  return true;
}

export function doubleQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case "\\": out += "\\\\"; continue;
      case '"': out += '\\"'; continue;
      case "\n": out += "\\n"; continue;
      case "\t": out += "\\t"; continue;
      case "\r": out += "\\r"; continue;
      case "\0": out += "\\0"; continue;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c <= 0xdfff)) {
      out += "\\u" + c.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}

export function singleQuote(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** A string written on one line (keys, flow context, or any single-line value). */
export function inlineString(s: string, flow: boolean): string {
  if (s.includes("\n") || needsEscapes(s)) return doubleQuote(s);
  if (resolvesToNonString(s)) return doubleQuote(s);
  if (plainAllowed(s, flow)) return s;
  return singleQuote(s);
}

/**
 * Whether a multi-line string can be a literal block scalar (`|`), as go-yaml prefers in block
 * context. Leading spaces would need an indentation indicator and `\r` or control characters
 * cannot be written literally, so those stay double-quoted.
 */
export function literalAllowed(s: string): boolean {
  if (!s.includes("\n") || needsEscapes(s.replace(/\n/g, ""))) return false;
  if (/^[ \t]/.test(s) || s.startsWith("\n")) return false;
  if (/[ \t]\n|[ \t]$/.test(s)) return false;
  return true;
}

/** Header and content lines of a literal block scalar, content indented to `indent`. */
export function literalBlock(s: string, indent: number): { header: string; lines: string[] } {
  const trailing = /\n*$/.exec(s)![0].length;
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  const body = trailing === 0 ? s : s.slice(0, s.length - (chomp === "" ? 1 : trailing));
  const pad = " ".repeat(indent);
  const lines = body.split("\n").map((l) => (l === "" ? "" : pad + l));
  if (chomp === "+") for (let k = 1; k < trailing; k++) lines.push("");
  return { header: "|" + chomp, lines };
}
