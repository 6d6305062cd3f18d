// What an actor may do with one environment: lib/access/effective-right.ts decides, from the
// organization's default permission and the grants to the user and their teams; this file
// turns that into "not found" (may not see it) or "forbidden" (may see it, not do that).
import "server-only";
import { db, rawDate } from "../db/client";
import { batchedHotRead, hotRead, sqlTemplate } from "../db/hot-reads";
import { AppError, notFound } from "../errors";
import { isPresentedToken, type Actor, type Caller } from "../auth/actor";
import { TOKEN_COLUMNS, TOKEN_FROM, actorOf, actorOfToken, type TokenRow } from "../tokens/access-tokens";
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

/** "Not found", after a presented token is checked (a bad token is refused as such first). */
async function refuse(caller: Caller, what: "Organization" | "Environment"): Promise<never> {
  await actorOf(caller);
  throw notFound(what);
}

/** An access and the actor it was checked for (from a presented token, checked with it). */
export type CallerAccess = EnvironmentAccess & { actor: Actor };

/**
 * Finds an environment the caller may see; anything else is "not found". A presented token is
 * checked first, in the same query (an unknown, revoked or expired one is refused before anything
 * is said about the organization).
 */
export async function requireEnvironment(caller: Caller, ref: EnvironmentRef, needed: Right = "reader", attempt?: Attempt): Promise<CallerAccess> {
  // A server action's reference arrives from the browser as any JSON value.
  if (typeof ref !== "object" || ref === null) return refuse(caller, "Environment");
  const found = await membershipAndEnvironment(caller, ref, false);
  return authorize(found.actor, ref, needed, attempt, found);
}

/**
 * requireEnvironment that also reads the head revision's definition, in the same query:
 * `GET …/{env}`, the commonest API request, and an open of the latest revision then cost one
 * round trip to the database (token, membership, environment and head together). The head
 * revision is never retracted (retract.ts refuses the newest), so its own text is the one it serves.
 */
export async function requireEnvironmentWithHead(caller: Caller, ref: EnvironmentRef, needed: Right = "reader", attempt?: Attempt): Promise<CallerAccess & { headYaml: string | null }> {
  if (typeof ref !== "object" || ref === null) return refuse(caller, "Environment");
  const found = await membershipAndEnvironment(caller, ref, true);
  return { ...(await authorize(found.actor, ref, needed, attempt, found)), headYaml: found.headYaml };
}

async function authorize(actor: Actor, ref: EnvironmentRef, needed: Right, attempt: Attempt | undefined, found: OrgAccess & { env: EnvironmentAccess["env"] | null }): Promise<CallerAccess> {
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
  return { org, role, env, right, actor };
}

interface MembershipRow {
  role: string | null;
  orgId: string | null;
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

// The membership and environment read, in four fixed statements (each prepared once): for an
// actor or a presented token, with or without the head revision's text.
const COLUMNS = `m."role" AS "role", o."id" AS "orgId", o."name" AS "orgName", o."defaultPermission" AS "defaultPermission",
  e."id" AS "envId", e."project" AS "project", e."name" AS "envName", e."headRevision" AS "headRevision",
  e."createdAt" AS "createdAt", e."updatedAt" AS "updatedAt"`;
// with the head revision: its text as a column, and the join that finds it
const headColumn = (withHead: boolean) => (withHead ? `, r."yaml" AS "headYaml"` : "");
const headJoin = (withHead: boolean) => (withHead ? ` LEFT JOIN "Revision" r ON r."environmentId" = e."id" AND r."number" = e."headRevision"` : "");
const ENVIRONMENT = ` LEFT JOIN "Environment" e ON e."organizationId" = o."id" AND m."role" IS NOT NULL AND e."project" = `;

/** parameters: user id, project, environment name, organization name */
const byActor = (withHead: boolean) =>
  sqlTemplate(
    `SELECT ${COLUMNS}${headColumn(withHead)} FROM "Organization" o JOIN "Membership" m ON m."organizationId" = o."id" AND m."userId" = `,
    ENVIRONMENT,
    ` AND e."name" = `,
    `${headJoin(withHead)} WHERE o."name" = `,
    "",
  );
/** parameters: organization name, project, environment name, token hash; one row per known token */
const byToken = (withHead: boolean) =>
  sqlTemplate(
    `SELECT ${TOKEN_COLUMNS}, ${COLUMNS}${headColumn(withHead)} FROM ${TOKEN_FROM} LEFT JOIN "Organization" o ON o."name" = `,
    ` LEFT JOIN "Membership" m ON m."organizationId" = o."id" AND m."userId" = t."userId"${ENVIRONMENT}`,
    ` AND e."name" = `,
    `${headJoin(withHead)} WHERE t."tokenHash" = `,
    "",
  );
const READS = { actor: [byActor(false), byActor(true)], token: [byToken(false), byToken(true)] };

/**
 * The caller's actor, membership (as requireMembership checks it) and the environment, in one
 * query: this runs on every API request. Failures read as the token's, then requireMembership's,
 * then "environment not found", in that order.
 */
async function membershipAndEnvironment(caller: Caller, ref: EnvironmentRef, withHead: boolean): Promise<OrgAccess & { actor: Actor; env: EnvironmentAccess["env"] | null; headYaml: string | null }> {
  if (!isWellFormedName("organization", ref.org)) return refuse(caller, "Organization");
  if (!isWellFormedName("project", ref.project) || !isWellFormedName("environment", ref.name)) {
    await requireMembership(await actorOf(caller), ref.org);
    throw notFound("Environment");
  }
  let actor: Actor;
  let r: MembershipRow | undefined;
  if (isPresentedToken(caller)) {
    const rows = await batchedHotRead<(TokenRow & MembershipRow)[]>(READS.token[Number(withHead)], ref.org, ref.project, ref.name, caller.tokenHash);
    actor = await actorOfToken(rows[0]);
    r = rows[0];
  } else {
    actor = caller;
    r = (await batchedHotRead<MembershipRow[]>(READS.actor[Number(withHead)], caller.userId, ref.project, ref.name, ref.org))[0];
  }
  // no row, or (from a token) no such organization or no membership in it
  if (!r || r.role === null || r.orgId === null) throw notFound("Organization");
  const org = { id: r.orgId, name: r.orgName, defaultPermission: r.defaultPermission };
  const env =
    r.envId === null
      ? null
      : { id: r.envId, project: r.project!, name: r.envName!, headRevision: Number(r.headRevision), createdAt: rawDate(r.createdAt)!, updatedAt: rawDate(r.updatedAt)! };
  return { actor, org, role: r.role as OrgAccess["role"], env, headYaml: r.headYaml ?? null };
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
