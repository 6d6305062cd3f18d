// The capability an open hands its providers: a `mintToken` bound to the organization, the
// opener and the environments this open already authorized for opening (the root and each import
// the loader let through with the open right). Minting checks membership in that set, in memory:
// the open authorized once, so a provider call never asks the database again. Every issue is
// audited here; lib/oidc only signs.
import "server-only";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { canonicalEnvironmentName, subjectInputFromContext, type TokenSubjectInput } from "../oidc/claims";
import { leaseCleanupSubject, signEnvironmentToken, type MintedToken, type MintRequest, type MintToken } from "../oidc/tokens";
import { requireEnvironment } from "./access";
import type { EnvironmentRef } from "./schema";

export type { MintToken };

/** The environments one evaluation may mint for; grows as the loader authorizes imports. */
export class MintScope {
  private readonly names = new Set<string>();
  constructor(
    readonly org: { id: string; name: string },
    readonly actorId: string,
  ) {}
  /** Records that the open right on `name` (a root or import name, any version) was checked. */
  allow(name: string): void {
    this.names.add(canonicalEnvironmentName(name));
  }
  allows(who: TokenSubjectInput): boolean {
    return who.org === this.org.name && this.names.has(who.currentEnvironment);
  }
}

/**
 * A token speaks for the environment holding the fn::open, which may be an import: an open must
 * not mint credentials for an import its opener may only read, and the loader refuses such an
 * import before any provider in it runs. The check here holds the evaluation to that.
 */
export function tokenMinter(scope: MintScope): MintToken {
  return async (req) => {
    const who = subjectInputFromContext(req.context);
    if (!scope.allows(who)) {
      throw new AppError("forbidden", `This open may not obtain credentials for ${who.org}/${who.currentEnvironment}.`);
    }
    return issue(req, who, scope.org.id, scope.actorId);
  };
}

/** Authorizes the open right on one environment once, and returns the capability for it. */
export async function environmentTokenMinter(actor: Actor, ref: EnvironmentRef): Promise<MintToken> {
  const { org, env } = await requireEnvironment(actor, ref, "opener");
  const scope = new MintScope(org, actor.userId);
  scope.allow(`${env.project}/${env.name}`);
  return tokenMinter(scope);
}

/**
 * Ferry's own clean-up of a lease (after its opener may have left): no user. The lease domain
 * authorizes the revocation (the open right, or the reaper acting on a lease Ferry created)
 * before it asks for this.
 */
export function leaseCleanupMinter(lease: { organizationId: string; org: string; environment: string }): (req: Omit<MintRequest, "context">) => Promise<MintedToken> {
  return (req) => issue(req, leaseCleanupSubject(lease.org, lease.environment), lease.organizationId, null);
}

async function issue(req: Omit<MintRequest, "context">, who: TokenSubjectInput, organizationId: string, actorId: string | null): Promise<MintedToken> {
  const minted = await signEnvironmentToken(req, who);
  const { claims, kid } = minted;
  // Clouds log `jti` and `sub` (CloudTrail, Entra sign-in logs); this is the other half of the trail.
  await recordAudit({
    organizationId,
    actorId,
    action: "oidc.token.issue",
    target: `${who.org}/${who.currentEnvironment}`,
    detail: { platform: req.platform, jti: claims.jti, kid, aud: claims.aud, sub: claims.sub, exp: claims.exp, rootEnvironment: who.rootEnvironment },
  });
  return minted;
}
