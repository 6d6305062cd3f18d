// "Did you mean" for unknown properties. The language core follows the reference's spelling
// rule (plain edit distance under half the length), which misses transpositions such as
// "nmae" for "name"; the editor adds a suggestion with a more forgiving distance.
import type { EscValue } from "@/lib/esc";

/** Optimal string alignment distance: edits plus adjacent transpositions. */
export function osaDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length < 2) return undefined;
  const limit = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const dist = osaDistance(name.toLowerCase(), c.toLowerCase());
    if (dist <= limit && dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  return best;
}

/** Every property name in the resolved values (bounded), as suggestion candidates. */
export function propertyNames(props: Record<string, EscValue>, max = 5000): Set<string> {
  const out = new Set<string>();
  const walk = (v: EscValue | undefined, depth: number) => {
    const x = v?.value;
    if (!x || typeof x !== "object" || Array.isArray(x) || depth > 8 || out.size > max) return;
    for (const [k, c] of Object.entries(x)) {
      out.add(k);
      walk(c, depth + 1);
    }
  };
  for (const [k, v] of Object.entries(props)) {
    out.add(k);
    walk(v, 1);
  }
  return out;
}
