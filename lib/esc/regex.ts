// Schema `pattern`s follow RE2 semantics, as the reference does (Go's regexp): re2js matches in
// time linear in the input, so no pattern can pin the evaluator (`^(a+)+$` against "aaa…!" would
// backtrack for hours in a JavaScript RegExp). Syntax RE2 lacks (backreferences, lookaround) is a
// compile error with Go's wording ("error parsing regexp: …"). Runs unchanged in the browser.

import { RE2JS } from "re2js";

export type CompiledPattern = { ok: true; re: RE2JS } | { ok: false; message: string };

// A document may repeat one pattern across many values; compiling is the expensive part.
const cache = new Map<string, CompiledPattern>();
const CACHE_SIZE = 256;

export function compilePattern(pattern: string): CompiledPattern {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let out: CompiledPattern;
  try {
    out = { ok: true, re: RE2JS.compile(pattern) };
  } catch (e) {
    out = { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, out);
  return out;
}

/** JSON Schema `pattern` is unanchored: it matches when it finds a match anywhere in `s`. */
export function patternFinds(re: RE2JS, s: string): boolean {
  return re.matcher(s).find();
}
