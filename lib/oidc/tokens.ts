// Minting the OIDC tokens providers present to clouds. Server-only. Called from inside an open
// (lib/environments/evaluate.ts authorizes the opener), so it takes the evaluation's context.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { db } from "../db/client";
import { recordAudit } from "../audit/record";
import { requireEnvironment } from "../environments/access";
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

async function organizationOidc(org: string): Promise<{ id?: string; format: SubjectFormat }> {
  const row = await db().organization.findUnique({ where: { name: org }, select: { id: true, oidcSubjectFormat: true } });
  return { id: row?.id, format: row?.oidcSubjectFormat === "pulumi" ? "pulumi" : "ferry" };
}

export async function organizationSubjectFormat(org: string): Promise<SubjectFormat> {
  return (await organizationOidc(org)).format;
}

const contextUserId = (context: Record<string, unknown>): string | undefined => {
  const id = ((context.pulumi as Record<string, unknown> | undefined)?.user as Record<string, unknown> | undefined)?.id;
  return typeof id === "string" ? id : undefined;
};

export async function mintEnvironmentToken(req: MintRequest, now = Date.now()): Promise<MintedToken> {
  const who = subjectInputFromContext(req.context);
  const userId = contextUserId(req.context);
  if (!userId) throw new Error("cannot issue a token: the evaluation has no user");
  // The token speaks for the environment holding the fn::open, which may be an import: opening
  // an environment must not mint credentials for an import its opener may only read.
  const [project, name] = who.currentEnvironment.split("/");
  await requireEnvironment({ userId }, { org: who.org, project, name }, "opener");
  const org = await organizationOidc(who.org);
  const claims = environmentClaims({
    issuer: req.issuer ?? issuerUrl(),
    platform: req.platform,
    format: org.format,
    who,
    subjectAttributes: req.subjectAttributes,
    now,
    lifetimeSeconds: req.lifetimeSeconds,
    jti: randomUUID(),
  });
  const { kid, key } = await currentSigningKey();
  // Entra accepts only typ JWT and RS256/HS256 (AADSTS5002727 / AADSTS5002738).
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(key);
  // Clouds log `jti` and `sub` (CloudTrail, Entra sign-in logs); this is the other half of the trail.
  await recordAudit({
    organizationId: org.id,
    actorId: userId,
    action: "oidc.token.issue",
    target: `${who.org}/${who.currentEnvironment}`,
    detail: { platform: req.platform, jti: claims.jti, kid, aud: claims.aud, sub: claims.sub, exp: claims.exp, rootEnvironment: who.rootEnvironment },
  });
  return { token, claims, kid };
}
