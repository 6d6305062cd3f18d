// Resolves plain YAML scalars the way go-yaml v3 does (null/bool/int/float, `_` separators,
// 0x/0o/0b and legacy octal) and prints numbers as the reference does (FormatInt/FormatUint,
// FormatFloat 'g' -1).

export type Resolved =
  | { kind: "null" }
  | { kind: "boolean"; value: boolean }
  | { kind: "number"; value: string }
  | { kind: "string"; value: string };

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES = new Set(["true", "True", "TRUE"]);
const FALSES = new Set(["false", "False", "FALSE"]);
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INF = new Set([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]);
const NEG_INF = new Set(["-.inf", "-.Inf", "-.INF"]);
const NAN = new Set([".nan", ".NaN", ".NAN"]);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go strconv.ParseInt/ParseUint with base 0 (prefixes, leading-0 octal); bigint or undefined. */
function parseGoInt(s: string): bigint | undefined {
  let neg = false;
  let t = s;
  if (t.startsWith("+") || t.startsWith("-")) {
    neg = t[0] === "-";
    t = t.slice(1);
  }
  let digits: string;
  let radix: number;
  if (/^0[xX]/.test(t)) [digits, radix] = [t.slice(2), 16];
  else if (/^0[oO]/.test(t)) [digits, radix] = [t.slice(2), 8];
  else if (/^0[bB]/.test(t)) [digits, radix] = [t.slice(2), 2];
  else if (t.length > 1 && t[0] === "0") [digits, radix] = [t.slice(1), 8];
  else [digits, radix] = [t, 10];
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[radix]!;
  if (!valid.test(digits)) return undefined;
  const prefix = radix === 16 ? "0x" : radix === 8 ? "0o" : radix === 2 ? "0b" : "";
  const v = BigInt(prefix + digits);
  return neg ? -v : v;
}

/** Go strconv.FormatFloat(v, 'g', -1, 64). */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const [mant, expStr] = v.toExponential().split("e");
  const exp = Number(expStr);
  // shortest formatting switches to %e at exponent 6 (strconv/ftoa.go)
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" + e : e}`;
  }
  return String(v);
}

export function resolvePlainScalar(src: string): Resolved {
  if (NULLS.has(src)) return { kind: "null" };
  if (TRUES.has(src)) return { kind: "boolean", value: true };
  if (FALSES.has(src)) return { kind: "boolean", value: false };
  if (INF.has(src)) return { kind: "number", value: "+Inf" };
  if (NEG_INF.has(src)) return { kind: "number", value: "-Inf" };
  if (NAN.has(src)) return { kind: "number", value: "NaN" };
  const c = src[0];
  if (!((c >= "0" && c <= "9") || c === "-" || c === "+" || c === ".")) return { kind: "string", value: src };
  const plain = src.replace(/_/g, "");
  const i = parseGoInt(plain);
  if (i !== undefined && i >= INT64_MIN && i <= UINT64_MAX) {
    if (!(i > INT64_MAX && plain.startsWith("-"))) return { kind: "number", value: i.toString() };
  }
  if (FLOAT.test(plain)) {
    const f = Number(plain);
    if (!Number.isNaN(f)) return { kind: "number", value: formatGoFloat(f) };
  }
  return { kind: "string", value: src };
}
