// Access tokens of the fake Entra, and how the fake Graph and ARM verify them. Entra signs the
// tokens it issues for Microsoft's own APIs (v1.0 tokens: `iss` https://sts.windows.net/<tenant>/,
// `aud` the resource the client asked for, `appid`, `tid`, `oid`, `idtyp: app`); each API checks
// the signature against Entra's published keys, the issuer, its own audience and the lifetime
// with five minutes of clock skew. The fakes share the key in process instead of fetching
// `/discovery/v2.0/keys` (which the fake Entra also serves, as Entra does).
import { randomUUID } from "node:crypto";
import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";

/** Real Entra tolerates five minutes of skew on `nbf`/`exp`; so do the fakes. */
const CLOCK_SKEW_SECONDS = 300;

export interface AccessTokenClaims extends JWTPayload {
  tid: string;
  appid: string;
  oid: string;
  idtyp: "app";
}

export type AccessTokenFailure =
  | { kind: "missing" }
  | { kind: "malformed" }
  | { kind: "signature" }
  | { kind: "issuer"; iss: string }
  | { kind: "audience"; aud: string }
  | { kind: "expired"; exp: number; now: number }
  | { kind: "not-yet-valid"; nbf: number; now: number };

export class AccessTokenRejected extends Error {
  constructor(readonly failure: AccessTokenFailure) {
    super(failure.kind);
  }
}

export interface EntraSigner {
  kid: string;
  jwks: { keys: JWK[] };
  /** `lifetimeSeconds` may be negative: tests mint expired tokens to prove the APIs refuse them */
  mint(claims: { tenantId: string; appId: string; objectId: string; resource: string; lifetimeSeconds?: number; nowSeconds?: number }): Promise<string>;
  verify(token: string | undefined, audiences: string[], tenants: (tid: string) => boolean): Promise<AccessTokenClaims>;
}

export const entraIssuer = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;

export async function createEntraSigner(): Promise<EntraSigner> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = randomUUID().replace(/-/g, "").slice(0, 27);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
  return {
    kid,
    jwks: { keys: [publicJwk] },
    async mint({ tenantId, appId, objectId, resource, lifetimeSeconds = 3599, nowSeconds = Math.floor(Date.now() / 1000) }) {
      return new SignJWT({ tid: tenantId, appid: appId, oid: objectId, sub: objectId, idtyp: "app", ver: "1.0" })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
        .setIssuer(entraIssuer(tenantId))
        .setAudience(resource)
        .setIssuedAt(nowSeconds)
        .setNotBefore(nowSeconds)
        .setExpirationTime(nowSeconds + lifetimeSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
    async verify(token, audiences, tenants) {
      if (!token) throw new AccessTokenRejected({ kind: "missing" });
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, publicKey, { algorithms: ["RS256"], clockTolerance: CLOCK_SKEW_SECONDS }));
      } catch (e) {
        const now = Math.floor(Date.now() / 1000);
        if (e instanceof errors.JWTExpired) throw new AccessTokenRejected({ kind: "expired", exp: Number(e.payload.exp), now });
        if (e instanceof errors.JWTClaimValidationFailed && e.claim === "nbf") throw new AccessTokenRejected({ kind: "not-yet-valid", nbf: Number(e.payload.nbf), now });
        if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JOSEAlgNotAllowed) throw new AccessTokenRejected({ kind: "signature" });
        throw new AccessTokenRejected({ kind: "malformed" });
      }
      const claims = payload as AccessTokenClaims;
      if (typeof claims.tid !== "string" || !tenants(claims.tid) || claims.iss !== entraIssuer(claims.tid)) throw new AccessTokenRejected({ kind: "issuer", iss: String(claims.iss) });
      const aud = typeof claims.aud === "string" ? claims.aud : "";
      if (!audiences.includes(aud)) throw new AccessTokenRejected({ kind: "audience", aud: String(claims.aud) });
      return claims;
    },
  };
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m?.[1];
}
