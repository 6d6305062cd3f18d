// Building and signing the OIDC tokens providers present to clouds. This layer authorizes nothing
// and records nothing: lib/environments/token-minting.ts decides which environment a token may
// speak for (a capability bound to what an open authorized) and audits the issue.
import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { db } from "../db/client";
import { canonicalEnvironmentName, environmentClaims, type CloudPlatform, type EnvironmentClaims, type SubjectFormat, type TokenSubjectInput } from "./claims";
import { issuerUrl } from "./issuer";
import { currentSigningKey } from "./signing-keys";

export interface MintedToken {
  token: string;
  claims: EnvironmentClaims;
  kid: string;
}

export interface MintRequest {
  platform: CloudPlatform;
  /** the provider's execution context (ProviderContext.context) */
  context: Record<string, unknown>;
  subjectAttributes?: readonly string[];
  lifetimeSeconds: number;
  /** defaults to `<FERRY_URL>/oidc` */
  issuer?: string;
}

/** What a provider may ask for: a token for the environment its evaluation context names. */
export type MintToken = (req: MintRequest) => Promise<MintedToken>;

export async function organizationSubjectFormat(org: string): Promise<SubjectFormat> {
  const row = await db().organization.findUnique({ where: { name: org }, select: { oidcSubjectFormat: true } });
  return row?.oidcSubjectFormat === "pulumi" ? "pulumi" : "ferry";
}

/** Signs a token for `who`, whom the caller has already authorized. */
export async function signEnvironmentToken(req: Omit<MintRequest, "context">, who: TokenSubjectInput, now = Date.now()): Promise<MintedToken> {
  const claims = environmentClaims({
    issuer: req.issuer ?? issuerUrl(),
    platform: req.platform,
    format: await organizationSubjectFormat(who.org),
    who,
    subjectAttributes: req.subjectAttributes,
    now,
    lifetimeSeconds: req.lifetimeSeconds,
    jti: randomUUID(),
  });
  const { kid, key } = await currentSigningKey();
  // Entra accepts only typ JWT and RS256/HS256 (AADSTS5002727 / AADSTS5002738).
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(key);
  return { token, claims, kid };
}

/**
 * The subject of a token for Ferry's own clean-up of a lease (revoking what an open created,
 * after its opener may have left): no user, and `trigger_user` says so.
 */
export function leaseCleanupSubject(org: string, environment: string): TokenSubjectInput {
  const name = canonicalEnvironmentName(environment);
  return { org, currentEnvironment: name, rootEnvironment: name, userLogin: "ferry-lease-cleanup" };
}
