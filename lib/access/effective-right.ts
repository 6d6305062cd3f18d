// The one place that decides what a member may do with an environment. Organization admins
// always have admin. Otherwise the highest of the grants that apply (on the environment or on
// its project, to the user or to a team they are in); where no grant applies, the
// organization's default permission. So a grant can narrow as well as widen, which is how an
// admin makes a member a reader of prod under ESC's default "write", and how the
// per-environment rows from before teams existed keep their meaning. Nothing is
// cached: every request (run-token redemptions and open-session reads included) asks again, so
// a changed grant applies to the next request on every instance.
import "server-only";
import { db } from "../db/client";
import { hotRead } from "../db/hot-reads";
import { highest, rightOfDefault, type Right } from "./rights";

export interface Member {
  userId: string;
  role: string;
  org: { id: string; defaultPermission: string };
}

export interface Reason {
  right: Right;
  /** "admin" | "default" | "user" | "team"; with the team's name and the grant's scope */
  source: "admin" | "default" | "user" | "team";
  team?: string;
  scope?: "environment" | "project";
  /** false for the default permission when a grant applies, which replaces it */
  applies: boolean;
}

/** Every reason the member has (or would have) a right on the environment, strongest first. */
export async function reasonsFor(member: Member, env: { id: string; project: string }): Promise<Reason[]> {
  if (member.role === "admin") return [{ right: "admin", source: "admin", applies: true }];
  const reasons: Reason[] = [];
  // every request of a member who is not an admin asks this: a hot read (lib/db/hot-reads.ts)
  const grants = await hotRead<{ permission: string; environmentId: string | null; userId: string | null; teamName: string | null }[]>`
    SELECT g."permission" AS "permission", g."environmentId" AS "environmentId", g."userId" AS "userId", t."name" AS "teamName"
    FROM "AccessGrant" g LEFT JOIN "Team" t ON t."id" = g."teamId"
    WHERE g."organizationId" = ${member.org.id}
      AND (g."environmentId" = ${env.id} OR (g."environmentId" IS NULL AND g."project" = ${env.project}))
      AND (g."userId" = ${member.userId} OR g."teamId" IN (SELECT tm."teamId" FROM "TeamMember" tm WHERE tm."userId" = ${member.userId}))`;
  for (const g of grants) {
    reasons.push({
      right: g.permission as Right,
      source: g.userId ? "user" : "team",
      ...(g.teamName !== null ? { team: g.teamName } : {}),
      scope: g.environmentId ? "environment" : "project",
      applies: true,
    });
  }
  const byDefault = rightOfDefault(member.org.defaultPermission);
  if (byDefault) reasons.push({ right: byDefault, source: "default", applies: grants.length === 0 });
  const order = ["admin", "editor", "opener", "reader"];
  return reasons.sort((a, b) => Number(b.applies) - Number(a.applies) || order.indexOf(a.right) - order.indexOf(b.right));
}

/** The member's right on the environment, or null: they may not even see it. */
export async function effectiveRight(member: Member, env: { id: string; project: string }): Promise<Right | null> {
  return highest((await reasonsFor(member, env)).filter((r) => r.applies).map((r) => r.right));
}

/**
 * Which environments of the organization a member may see, for listings. Null: all of them
 * (an admin, or a default permission other than none: every grant is at least reader);
 * otherwise the ids and projects granted.
 */
export async function visibleScopes(member: Member): Promise<{ environmentIds: string[]; projects: string[] } | null> {
  if (member.role === "admin" || rightOfDefault(member.org.defaultPermission)) return null;
  const grants = await db().accessGrant.findMany({
    where: { organizationId: member.org.id, OR: [{ userId: member.userId }, { team: { members: { some: { userId: member.userId } } } }] },
    select: { environmentId: true, project: true },
  });
  return {
    environmentIds: grants.flatMap((g) => (g.environmentId ? [g.environmentId] : [])),
    projects: grants.flatMap((g) => (g.environmentId ? [] : [g.project])),
  };
}

/** The member's right on a project as a whole (what a new environment in it would give them). */
export async function projectRight(member: Member, project: string): Promise<Right | null> {
  if (member.role === "admin") return "admin";
  const grants = await db().accessGrant.findMany({
    where: {
      organizationId: member.org.id,
      environmentId: null,
      project,
      OR: [{ userId: member.userId }, { team: { members: { some: { userId: member.userId } } } }],
    },
    select: { permission: true },
  });
  return grants.length ? highest(grants.map((g) => g.permission as Right)) : rightOfDefault(member.org.defaultPermission);
}
