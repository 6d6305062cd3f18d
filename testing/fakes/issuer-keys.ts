// How AWS and Entra verify a web-identity token (CLOUD_PROTOCOLS.md §2.4, §3.3): discover the
// issuer named by `iss` over HTTP, check the discovery document names that same issuer, fetch the
// key set it points to, pick the key by `kid`, verify RS256 and the time claims. No caching:
// every exchange fetches again, so rotation is observed immediately.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";

export type VerifyFailure =
  | { kind: "discovery"; detail: string }
  | { kind: "no-key"; kid: string | undefined }
  | { kind: "signature"; detail: string }
  | { kind: "expired"; exp: number; now: number }
  | { kind: "not-yet-valid"; nbf: number; now: number }
  | { kind: "malformed"; detail: string };

export class TokenRejected extends Error {
  constructor(readonly failure: VerifyFailure) {
    super(failure.kind);
  }
}

/** Decodes without verifying (what the clouds do first, to find the issuer). */
export function peek(token: string): { header: ReturnType<typeof decodeProtectedHeader>; payload: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
  } catch (e) {
    throw new TokenRejected({ kind: "malformed", detail: (e as Error).message });
  }
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

export async function fetchIssuerKeys(iss: string): Promise<JSONWebKeySet> {
  try {
    const doc = (await getJson(`${iss}/.well-known/openid-configuration`)) as { issuer?: string; jwks_uri?: string };
    if (doc.issuer !== iss) throw new Error(`discovery document names issuer "${doc.issuer}", token says "${iss}"`);
    for (const f of ["response_types_supported", "subject_types_supported", "id_token_signing_alg_values_supported"]) {
      if (!(f in doc)) throw new Error(`discovery document lacks ${f}`);
    }
    if (!doc.jwks_uri) throw new Error("discovery document lacks jwks_uri");
    const jwks = (await getJson(doc.jwks_uri)) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error("key set has no keys");
    return jwks;
  } catch (e) {
    throw new TokenRejected({ kind: "discovery", detail: (e as Error).message });
  }
}

/** Verifies signature (by kid) and nbf/exp with the given clock skew; returns the payload. */
export async function verifyWebIdentityToken(token: string, opts: { clockToleranceSeconds: number }): Promise<JWTPayload> {
  const { header, payload } = peek(token);
  if (typeof payload.iss !== "string") throw new TokenRejected({ kind: "malformed", detail: "no iss" });
  const jwks = await fetchIssuerKeys(payload.iss);
  if (!jwks.keys.some((k) => k.kid === header.kid)) throw new TokenRejected({ kind: "no-key", kid: header.kid });
  const now = Math.floor(Date.now() / 1000);
  try {
    const verified = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ["RS256"], clockTolerance: opts.clockToleranceSeconds });
    return verified.payload;
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw new TokenRejected({ kind: "expired", exp: payload.exp ?? 0, now });
    if (e instanceof errors.JWTClaimValidationFailed && e.claim === "nbf") throw new TokenRejected({ kind: "not-yet-valid", nbf: payload.nbf ?? 0, now });
    throw new TokenRejected({ kind: "signature", detail: (e as Error).message });
  }
}

/** IAM StringLike: `*` any run of characters, `?` one character. */
export function stringLike(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
  return re.test(value);
}

export async function readBody(req: import("node:http").IncomingMessage, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
