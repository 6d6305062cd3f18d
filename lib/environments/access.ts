// What an actor may do with one environment: lib/access/effective-right.ts decides, from the
// organization's default permission and the grants to the user and their teams; this file
// turns that into "not found" (may not see it) or "forbidden" (may see it, not do that).
import "server-only";
import { db, rawDate } from "../db/client";
import { hotRead } from "../db/hot-reads";
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { requireMembership, type OrgAccess } from "../orgs/access";
import type { EnvironmentRef } from "./schema";

/** What a refused attempt is recorded as in the audit log (opens, reveals, run tokens …). */
export interface Attempt {
  action: string;
  address?: string | null;
  userAgent?: string | null;
  via?: string;
}
import { isWellFormedName } from "../validation/names";
import { effectiveRight } from "../access/effective-right";
import { rank, RIGHTS, type Right } from "../access/rights";
import { recordAudit } from "../audit/record";
import { formatRef } from "./schema";

export { RIGHTS, type Right };

export interface EnvironmentAccess {
  org: OrgAccess["org"];
  role: string;
  env: { id: string; project: string; name: string; headRevision: number; createdAt: Date; updatedAt: Date };
  right: Right;
  /** the head revision's definition, when it was read with the access (requireEnvironmentWithHead) */
  headYaml?: string | null;
}

/** Finds an environment the actor may see; anything else is "not found". */
export async function requireEnvironment(actor: Actor, ref: EnvironmentRef, needed: Right = "reader", attempt?: Attempt): Promise<EnvironmentAccess> {
  // A server action's reference arrives from the browser as any JSON value.
  if (typeof ref !== "object" || ref === null) throw notFound("Environment");
  return authorize(actor, ref, needed, attempt, await membershipAndEnvironment(actor, ref, false));
}

/**
 * requireEnvironment that also reads the head revision's definition, in the same query:
 * `GET …/{env}`, the commonest API request, and an open of the latest revision then cost one
 * round trip to the database after the token's instead of two. The head revision is never
 * retracted (retract.ts refuses the newest), so its own text is the one it serves.
 */
export async function requireEnvironmentWithHead(actor: Actor, ref: EnvironmentRef, needed: Right = "reader", attempt?: Attempt): Promise<EnvironmentAccess & { headYaml: string | null }> {
  if (typeof ref !== "object" || ref === null) throw notFound("Environment");
  const found = await membershipAndEnvironment(actor, ref, true);
  return { ...(await authorize(actor, ref, needed, attempt, found)), headYaml: found.headYaml };
}

async function authorize(actor: Actor, ref: EnvironmentRef, needed: Right, attempt: Attempt | undefined, found: OrgAccess & { env: EnvironmentAccess["env"] | null }): Promise<EnvironmentAccess> {
  const { org, role, env } = found;
  if (!env) throw notFound("Environment");
  const right = await effectiveRight({ userId: actor.userId, role, org }, env);
  if (!right) throw notFound("Environment");
  if (rank(right) < rank(needed)) {
    if (attempt) {
      await recordAudit({
        organizationId: org.id,
        actorId: actor.userId,
        action: attempt.action,
        target: formatRef(ref),
        detail: { needed, right, ...(attempt.via ? { via: attempt.via } : {}) },
        address: attempt.address,
        userAgent: attempt.userAgent,
        result: "refused",
      });
    }
    throw new AppError("forbidden", `You can't ${VERB[needed]} ${ref.org}/${ref.project}/${ref.name}: your access is "${right}". Ask an admin of ${ref.org}.`);
  }
  return { org, role, env, right };
}

interface MembershipRow {
  role: string;
  orgId: string;
  orgName: string;
  defaultPermission: string;
  envId: string | null;
  project: string | null;
  envName: string | null;
  headRevision: number | bigint | null;
  createdAt: unknown;
  updatedAt: unknown;
  headYaml?: string | null;
}

/**
 * The membership (as requireMembership checks it) and the environment, in one query: this runs
 * on every API request. Failures read as requireMembership's and then "environment not found",
 * in that order, as before.
 */
async function membershipAndEnvironment(actor: Actor, ref: EnvironmentRef, withHead: boolean): Promise<OrgAccess & { env: EnvironmentAccess["env"] | null; headYaml: string | null }> {
  if (!isWellFormedName("organization", ref.org)) throw notFound("Organization");
  if (!isWellFormedName("project", ref.project) || !isWellFormedName("environment", ref.name)) {
    await requireMembership(actor, ref.org);
    throw notFound("Environment");
  }
  // two fixed statements (each prepared once), the second with the head revision joined
  const rows = withHead
    ? await hotRead<MembershipRow[]>`
    SELECT m."role" AS "role", o."id" AS "orgId", o."name" AS "orgName", o."defaultPermission" AS "defaultPermission",
           e."id" AS "envId", e."project" AS "project", e."name" AS "envName", e."headRevision" AS "headRevision",
           e."createdAt" AS "createdAt", e."updatedAt" AS "updatedAt", r."yaml" AS "headYaml"
    FROM "Organization" o
    JOIN "Membership" m ON m."organizationId" = o."id" AND m."userId" = ${actor.userId}
    LEFT JOIN "Environment" e ON e."organizationId" = o."id" AND e."project" = ${ref.project} AND e."name" = ${ref.name}
    LEFT JOIN "Revision" r ON r."environmentId" = e."id" AND r."number" = e."headRevision"
    WHERE o."name" = ${ref.org}`
    : await hotRead<MembershipRow[]>`
    SELECT m."role" AS "role", o."id" AS "orgId", o."name" AS "orgName", o."defaultPermission" AS "defaultPermission",
           e."id" AS "envId", e."project" AS "project", e."name" AS "envName", e."headRevision" AS "headRevision",
           e."createdAt" AS "createdAt", e."updatedAt" AS "updatedAt"
    FROM "Organization" o
    JOIN "Membership" m ON m."organizationId" = o."id" AND m."userId" = ${actor.userId}
    LEFT JOIN "Environment" e ON e."organizationId" = o."id" AND e."project" = ${ref.project} AND e."name" = ${ref.name}
    WHERE o."name" = ${ref.org}`;
  const r = rows[0];
  if (!r) throw notFound("Organization");
  const org = { id: r.orgId, name: r.orgName, defaultPermission: r.defaultPermission };
  const env =
    r.envId === null
      ? null
      : { id: r.envId, project: r.project!, name: r.envName!, headRevision: Number(r.headRevision), createdAt: rawDate(r.createdAt)!, updatedAt: rawDate(r.updatedAt)! };
  return { org, role: r.role as OrgAccess["role"], env, headYaml: r.headYaml ?? null };
}

const VERB: Record<Right, string> = {
  reader: "read",
  opener: "open",
  editor: "edit",
  admin: "administer",
};

/** The actor's right on another environment of an organization whose membership was checked. */
export async function rightOn(actor: Actor, access: Pick<EnvironmentAccess, "org" | "role">, environmentId: string): Promise<Right | null> {
  const envs = await hotRead<{ id: string; project: string }[]>`SELECT "id", "project" FROM "Environment" WHERE "id" = ${environmentId} AND "organizationId" = ${access.org.id}`;
  const env = envs[0];
  if (!env) return null;
  return effectiveRight({ userId: actor.userId, role: access.role, org: access.org }, env);
}

/**
 * rightOn for an environment the caller already read inside that organization (resolveRevision
 * finds one only there): the same decision without reading the environment again.
 */
export function rightOnResolved(actor: Actor, access: Pick<EnvironmentAccess, "org" | "role">, env: { environmentId: string; project: string }): Promise<Right | null> {
  return effectiveRight({ userId: actor.userId, role: access.role, org: access.org }, { id: env.environmentId, project: env.project });
}

export const can = (access: { right: Right | null }, needed: Right) => access.right !== null && rank(access.right) >= rank(needed);
