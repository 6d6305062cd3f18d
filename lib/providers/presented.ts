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

/**
 * The marker before what only the operator can act on (server settings). The console shows the
 * part after it behind a disclosure; the CLI prints it whole.
 */
export const OPERATOR_DETAIL = " Operator detail: ";

/** A cloud that could not be reached: the user learns what to ask and what to check. */
export function unreachable(provider: string, cloud: string, claims: Pick<EnvironmentClaims, "iss" | "sub" | "aud"> | undefined, operator: string): string {
  const check = claims ? ` Once it is reachable, the cloud's trust configuration must accept what Ferry presents: ${presented(claims).replace(/^Ferry presented /, "")}` : "";
  return `${provider}: Ferry could not reach ${cloud}, so no credentials were issued. This is the console's network or configuration, not your definition: ask your Ferry operator.${check}${OPERATOR_DETAIL}${operator}`;
}
