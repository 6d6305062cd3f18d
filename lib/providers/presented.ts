// "What Ferry presented": the part of every login failure that lets someone compare the token
// with the cloud's trust configuration without decoding it.
import type { EnvironmentClaims } from "../oidc/claims";

export function presented(claims: Pick<EnvironmentClaims, "iss" | "sub" | "aud">): string {
  return `Ferry presented a token with iss "${claims.iss}", aud "${claims.aud}", sub "${claims.sub}".`;
}

/** Network-level failures (no answer from the cloud at all). */
export function networkFailure(e: unknown): string | undefined {
  const err = e as { code?: string; name?: string; cause?: { code?: string }; message?: string };
  const code = err?.code ?? err?.cause?.code;
  if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO)/.test(code)) return code;
  if (err?.name === "TimeoutError") return "timeout";
  return undefined;
}

/** Ends a cloud's message with a full stop so the sentences after it read apart. */
export const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);
