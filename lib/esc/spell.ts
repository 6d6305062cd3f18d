// "did you mean" suggestions, following the reference's internal/spell rules.

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/_/g, "");
}

/** Nearest candidate with distance < floor((len(key)+1)/2), or undefined. */
export function nearest(key: string, candidates: Iterable<string>): string | undefined {
  const k = normalize(key);
  const limit = Math.floor((new TextEncoder().encode(k).length + 1) / 2);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c.length > 256) continue;
    const d = levenshtein(k, normalize(c));
    if (d < limit && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
