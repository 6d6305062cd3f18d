// `esc env set` refuses a plaintext value that looks like a secret unless --secret or
// --plaintext says what was meant (esc's env_set.go looksLikeSecret): the key must name a
// secret (passwd, pass, password, pwd, secret, token) and the value's first 16 characters must
// carry enough entropy (80 bits, or 40 bits at 3 bits per character and more). esc estimates
// the entropy with zxcvbn; this uses zxcvbn's brute-force estimate alone (length × log2 of the
// alphabets used), which is never lower than zxcvbn's, so every value esc refuses is refused
// here too; a weak dictionary-like password may be refused here where esc lets it pass, and
// --plaintext says it was meant.

const KEY = /passwd|pass|password|pwd|secret|token/i;
const MAX_LENGTH = 16;
const THRESHOLD = 80;
const PER_CHAR_THRESHOLD = 3;

function cardinality(v: string): number {
  let n = 0;
  if (/[a-z]/.test(v)) n += 26;
  if (/[A-Z]/.test(v)) n += 26;
  if (/[0-9]/.test(v)) n += 10;
  if (/[^a-zA-Z0-9]/.test(v)) n += 33;
  return n;
}

/** `key` is the last segment of the path set; `value` the parsed value (only strings count). */
export function looksLikeSecret(key: string | number | undefined, value: unknown): boolean {
  if (typeof key !== "string" || typeof value !== "string" || !KEY.test(key)) return false;
  const v = [...value].slice(0, MAX_LENGTH).join("");
  if (v.length === 0) return false;
  const entropy = v.length * Math.log2(cardinality(v));
  return entropy >= THRESHOLD || (entropy >= THRESHOLD / 2 && entropy / v.length >= PER_CHAR_THRESHOLD);
}
