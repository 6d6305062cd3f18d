// Key-by-key comparison of two resolved environments, for the compare view. Leaves are flattened
// to property paths; secrets are masked unless the caller reveals them.
import { parse as parseYaml } from "yaml";
import { escValueToJson, type EscValue } from "@/lib/esc";

export interface ValueChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: string;
  after?: string;
  secret: boolean;
  /** a masked secret whose stored ciphertext differs: it changed, and the value stays hidden */
  hidden?: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (IDENT.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** path → rendered leaf, with whether it is secret. */
export function flatten(props: Record<string, EscValue>, reveal: boolean): Map<string, { text: string; secret: boolean }> {
  const out = new Map<string, { text: string; secret: boolean }>();
  const walk = (v: EscValue, path: string, depth: number) => {
    const x = v.value;
    if (!v.unknown && !(v.secret && !reveal) && x && typeof x === "object" && depth < 64) {
      const entries: [string | number, EscValue][] = Array.isArray(x) ? x.map((e, i) => [i, e]) : Object.entries(x);
      if (entries.length === 0) out.set(path, { text: Array.isArray(x) ? "[]" : "{}", secret: Boolean(v.secret) });
      for (const [k, e] of entries) walk(e, child(path, k), depth + 1);
      return;
    }
    out.set(path, { text: JSON.stringify(escValueToJson(v, !reveal)), secret: Boolean(v.secret) });
  };
  for (const [k, v] of Object.entries(props)) walk(v, child("", k), 0);
  return out;
}

/**
 * Value path → the ciphertext stored for a `fn::secret` written directly under `values`, from a
 * definition's text. Two revisions' ciphertexts differ exactly when the secret was entered again,
 * which lets a masked comparison say "changed (hidden)" without decrypting anything.
 */
export function sealedSecrets(yaml: string): Map<string, string> {
  const out = new Map<string, string>();
  let doc: unknown;
  try {
    doc = parseYaml(yaml);
  } catch {
    return out;
  }
  const walk = (node: unknown, path: string, depth: number) => {
    if (!node || typeof node !== "object" || depth > 64) return;
    const secret = (node as Record<string, unknown>)["fn::secret"];
    if (secret && typeof secret === "object" && typeof (secret as { ciphertext?: unknown }).ciphertext === "string") {
      out.set(path, (secret as { ciphertext: string }).ciphertext);
      return;
    }
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((e, i) => [i, e]) : Object.entries(node);
    for (const [k, v] of entries) walk(v, child(path, k), depth + 1);
  };
  const values = doc && typeof doc === "object" ? (doc as Record<string, unknown>).values : undefined;
  walk(values, "", 0);
  return out;
}

export function diffValues(before: Record<string, EscValue>, after: Record<string, EscValue>, reveal: boolean, sealed?: [Map<string, string>, Map<string, string>]): ValueChange[] {
  const a = flatten(before, reveal);
  const b = flatten(after, reveal);
  const changes: ValueChange[] = [];
  for (const [path, x] of a) {
    const y = b.get(path);
    if (!y) changes.push({ path, kind: "removed", before: x.text, secret: x.secret });
    else if (y.text !== x.text) changes.push({ path, kind: "changed", before: x.text, after: y.text, secret: x.secret || y.secret });
    else if (!reveal && x.secret && y.secret && sealed && sealed[0].get(path) !== sealed[1].get(path)) {
      changes.push({ path, kind: "changed", before: x.text, after: y.text, secret: true, hidden: true });
    }
  }
  for (const [path, y] of b) if (!a.has(path)) changes.push({ path, kind: "added", after: y.text, secret: y.secret });
  return changes.sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0));
}
