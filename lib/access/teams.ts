// Teams: named groups of an organization's members that grants can name. Members may see the
// teams; only admins change them, and every change is audited.
import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import { isUniqueViolation } from "../users/users";
import type { Actor } from "../auth/actor";
import { requireAdmin, requireMembership } from "../orgs/access";
import { ZCreateTeam, ZRenameTeam, ZTeamMember, ZTeamName } from "./schema";

export interface TeamDto {
  name: string;
  members: string[];
  createdAt: string;
}

const taken = (name: string) => new AppError("conflict", `A team named ${name} already exists.`, { name: "A team with this name already exists." });

async function findTeam(organizationId: string, name: unknown) {
  const parsed = ZTeamName.safeParse(name);
  if (!parsed.success) throw notFound("Team");
  const team = await db().team.findUnique({ where: { organizationId_name: { organizationId, name: parsed.data } }, select: { id: true, name: true } });
  if (!team) throw notFound("Team");
  return team;
}

export async function listTeams(actor: Actor, orgName: string): Promise<TeamDto[]> {
  const { org } = await requireMembership(actor, orgName);
  const teams = await db().team.findMany({
    where: { organizationId: org.id },
    select: { name: true, createdAt: true, members: { select: { user: { select: { email: true } } } } },
    orderBy: { name: "asc" },
  });
  return teams.map((t) => ({ name: t.name, createdAt: t.createdAt.toISOString(), members: t.members.map((m) => m.user.email).sort() }));
}

export async function createTeam(actor: Actor, orgName: string, input: unknown): Promise<TeamDto> {
  const { org } = await requireAdmin(actor, orgName);
  const { name } = parseInput(ZCreateTeam, input);
  try {
    const team = await db().$transaction(async (tx) => {
      const created = await tx.team.create({ data: { organizationId: org.id, name } });
      await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "team.create", target: name }, tx);
      return created;
    });
    return { name: team.name, members: [], createdAt: team.createdAt.toISOString() };
  } catch (e) {
    if (isUniqueViolation(e)) throw taken(name);
    throw e;
  }
}

export async function renameTeam(actor: Actor, orgName: string, teamName: unknown, input: unknown): Promise<void> {
  const { org } = await requireAdmin(actor, orgName);
  const team = await findTeam(org.id, teamName);
  const { name } = parseInput(ZRenameTeam, input);
  try {
    await db().$transaction(async (tx) => {
      await tx.team.update({ where: { id: team.id }, data: { name } });
      await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "team.rename", target: team.name, detail: { name } }, tx);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken(name);
    throw e;
  }
}

/** Deletes a team; its grants go with it, so its members fall back to their other rights. */
export async function deleteTeam(actor: Actor, orgName: string, teamName: unknown): Promise<void> {
  const { org } = await requireAdmin(actor, orgName);
  const team = await findTeam(org.id, teamName);
  await db().$transaction(async (tx) => {
    await tx.team.delete({ where: { id: team.id } });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "team.delete", target: team.name }, tx);
  });
}

export async function addTeamMember(actor: Actor, orgName: string, teamName: unknown, input: unknown): Promise<void> {
  const { org } = await requireAdmin(actor, orgName);
  const team = await findTeam(org.id, teamName);
  const { email } = parseInput(ZTeamMember, input);
  const member = await db().membership.findFirst({ where: { organizationId: org.id, user: { email } }, select: { userId: true } });
  if (!member) throw new AppError("not_found", `${email} is not a member of ${org.name}.`, { email: "Not a member of this organization." });
  try {
    await db().$transaction(async (tx) => {
      await tx.teamMember.create({ data: { teamId: team.id, userId: member.userId } });
      await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "team.member.add", target: team.name, detail: { email } }, tx);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", `${email} is already in ${team.name}.`, { email: "Already in this team." });
    throw e;
  }
}

export async function removeTeamMember(actor: Actor, orgName: string, teamName: unknown, input: unknown): Promise<void> {
  const { org } = await requireAdmin(actor, orgName);
  const team = await findTeam(org.id, teamName);
  const { email } = parseInput(ZTeamMember, input);
  await db().$transaction(async (tx) => {
    const { count } = await tx.teamMember.deleteMany({ where: { teamId: team.id, user: { email } } });
    if (count === 0) throw new AppError("not_found", `${email} is not in ${team.name}.`, { email: "Not in this team." });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "team.member.remove", target: team.name, detail: { email } }, tx);
  });
}
