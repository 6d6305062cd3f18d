// Bearer tokens: a readable prefix that says what the token is (and lets secret scanners find
// leaked ones), then 32 random bytes. Only the SHA-256 is stored: the tokens carry 256 bits of
// entropy, so a slow hash would add nothing.
import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const PAT_PREFIX = "fry_pat_";

export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
