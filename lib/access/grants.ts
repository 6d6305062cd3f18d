// Managing grants: on one environment (by whoever has admin on it) and on a whole project or
// the organization's default (organization admins). Every change is audited.
import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requireAdmin, requireMembership } from "../orgs/access";
import { requireEnvironment } from "../environments/access";
import { formatRef, type EnvironmentRef } from "../environments/schema";
import { isWellFormedName } from "../validation/names";
import { reasonsFor, type Reason } from "./effective-right";
import { highest, type DefaultPermission, type Right } from "./rights";
import { ZDefaultPermission, ZGrant, ZGrantee } from "./schema";

export interface GrantDto {
  scope: "environment" | "project";
  user?: string;
  team?: string;
  permission: Right;
}

export interface MemberAccessDto {
  email: string;
  role: string;
  /** null: may not even see the environment */
  right: Right | null;
  reasons: Reason[];
}

export interface EnvironmentAccessDto {
  defaultPermission: DefaultPermission;
  grants: GrantDto[];
  members: MemberAccessDto[];
}

type Scope = { organizationId: string; project: string; environmentId: string | null };

const scopeKey = (s: Scope) => (s.environmentId ? `env:${s.environmentId}` : `project:${s.project}`);

/** Resolves "user: email" or "team: name" inside the organization to a grant's subject. */
async function grantee(organizationId: string, input: { user?: string; team?: string }) {
  if (input.user !== undefined) {
    const m = await db().membership.findFirst({ where: { organizationId, user: { email: input.user } }, select: { userId: true } });
    if (!m) throw new AppError("not_found", `${input.user} is not a member of this organization.`, { user: "Not a member of this organization." });
    return { userId: m.userId, teamId: null, subject: `user:${m.userId}`, label: { user: input.user } };
  }
  const t = await db().team.findUnique({ where: { organizationId_name: { organizationId, name: input.team! } }, select: { id: true } });
  if (!t) throw new AppError("not_found", `There is no team named ${input.team}.`, { team: "No such team." });
  return { userId: null, teamId: t.id, subject: `team:${t.id}`, label: { team: input.team! } };
}

async function upsertGrant(actor: Actor, scope: Scope, target: string, input: unknown): Promise<void> {
  const { permission, ...who } = parseInput(ZGrant, input);
  const g = await grantee(scope.organizationId, who);
  const key = { organizationId: scope.organizationId, scope: scopeKey(scope), subject: g.subject };
  await db().$transaction(async (tx) => {
    await tx.accessGrant.upsert({
      where: { organizationId_scope_subject: key },
      create: { ...key, project: scope.project, environmentId: scope.environmentId, userId: g.userId, teamId: g.teamId, permission },
      update: { permission },
    });
    await recordAudit({ organizationId: scope.organizationId, actorId: actor.userId, action: "access.grant", target, detail: { ...g.label, permission } }, tx);
  });
}

async function deleteGrant(actor: Actor, scope: Scope, target: string, input: unknown): Promise<void> {
  const who = parseInput(ZGrantee, input);
  const g = await grantee(scope.organizationId, who);
  await db().$transaction(async (tx) => {
    const { count } = await tx.accessGrant.deleteMany({ where: { organizationId: scope.organizationId, scope: scopeKey(scope), subject: g.subject } });
    if (count === 0) throw new AppError("not_found", `${who.user ?? who.team} has no grant on ${target}.`);
    await recordAudit({ organizationId: scope.organizationId, actorId: actor.userId, action: "access.revoke", target, detail: g.label }, tx);
  });
}

const toDto = (g: { environmentId: string | null; permission: string; user: { email: string } | null; team: { name: string } | null }): GrantDto => ({
  scope: g.environmentId ? "environment" : "project",
  ...(g.user ? { user: g.user.email } : {}),
  ...(g.team ? { team: g.team.name } : {}),
  permission: g.permission as Right,
});

/** Who has what on an environment, and why. Anyone who may read the environment may see it. */
export async function listEnvironmentAccess(actor: Actor, ref: EnvironmentRef): Promise<EnvironmentAccessDto> {
  const { org, env } = await requireEnvironment(actor, ref, "reader");
  const grants = await db().accessGrant.findMany({
    where: { organizationId: org.id, OR: [{ environmentId: env.id }, { environmentId: null, project: env.project }] },
    select: { environmentId: true, permission: true, user: { select: { email: true } }, team: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  const memberships = await db().membership.findMany({
    where: { organizationId: org.id },
    select: { role: true, userId: true, user: { select: { email: true } } },
    orderBy: { user: { email: "asc" } },
  });
  const members: MemberAccessDto[] = [];
  for (const m of memberships) {
    const reasons = await reasonsFor({ userId: m.userId, role: m.role, org }, env);
    members.push({ email: m.user.email, role: m.role, right: highest(reasons.filter((r) => r.applies).map((r) => r.right)), reasons });
  }
  return { defaultPermission: org.defaultPermission as DefaultPermission, grants: grants.map(toDto), members };
}

export async function grantEnvironmentAccess(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<void> {
  const { org, env } = await requireEnvironment(actor, ref, "admin");
  await upsertGrant(actor, { organizationId: org.id, project: env.project, environmentId: env.id }, formatRef(ref), input);
}

export async function revokeEnvironmentAccess(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<void> {
  const { org, env } = await requireEnvironment(actor, ref, "admin");
  await deleteGrant(actor, { organizationId: org.id, project: env.project, environmentId: env.id }, formatRef(ref), input);
}

function projectScope(orgId: string, project: unknown): Scope {
  if (!isWellFormedName("project", project)) throw notFound("Project");
  return { organizationId: orgId, project, environmentId: null };
}

/** Grants on every environment of a project, those created later included. Organization admins only. */
export async function grantProjectAccess(actor: Actor, orgName: string, project: unknown, input: unknown): Promise<void> {
  const { org } = await requireAdmin(actor, orgName);
  const scope = projectScope(org.id, project);
  await upsertGrant(actor, scope, `${org.name}/${scope.project}`, input);
}

export async function revokeProjectAccess(actor: Actor, orgName: string, project: unknown, input: unknown): Promise<void> {
  const { org } = await requireAdmin(actor, orgName);
  const scope = projectScope(org.id, project);
  await deleteGrant(actor, scope, `${org.name}/${scope.project}`, input);
}

export async function listProjectGrants(actor: Actor, orgName: string): Promise<(GrantDto & { project: string })[]> {
  const { org } = await requireMembership(actor, orgName);
  const rows = await db().accessGrant.findMany({
    where: { organizationId: org.id, environmentId: null },
    select: { project: true, environmentId: true, permission: true, user: { select: { email: true } }, team: { select: { name: true } } },
    orderBy: [{ project: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((r) => ({ project: r.project, ...toDto(r) }));
}

export async function getDefaultPermission(actor: Actor, orgName: string): Promise<DefaultPermission> {
  const { org } = await requireMembership(actor, orgName);
  return org.defaultPermission as DefaultPermission;
}

/** What members may do where no grant names them. Organization admins only. */
export async function setDefaultPermission(actor: Actor, orgName: string, input: unknown): Promise<void> {
  const { org } = await requireAdmin(actor, orgName);
  const { permission } = parseInput(ZDefaultPermission, input);
  if (permission === org.defaultPermission) return;
  await db().$transaction(async (tx) => {
    await tx.organization.update({ where: { id: org.id }, data: { defaultPermission: permission } });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "org.default-permission", target: org.name, detail: { permission, was: org.defaultPermission } }, tx);
  });
}
