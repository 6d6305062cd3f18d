// Minting the OIDC tokens providers present to clouds. Server-only. Called from inside an open
// (lib/environments/evaluate.ts authorizes the opener), so it takes the evaluation's context.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { db } from "../db/client";
import { environmentClaims, subjectInputFromContext, type CloudPlatform, type EnvironmentClaims, type SubjectFormat } from "./claims";
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

export async function organizationSubjectFormat(org: string): Promise<SubjectFormat> {
  const row = await db().organization.findUnique({ where: { name: org }, select: { oidcSubjectFormat: true } });
  return row?.oidcSubjectFormat === "pulumi" ? "pulumi" : "ferry";
}

export async function mintEnvironmentToken(req: MintRequest, now = Date.now()): Promise<MintedToken> {
  const who = subjectInputFromContext(req.context);
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
