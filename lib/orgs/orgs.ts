import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import { isUniqueViolation } from "../users/users";
import type { Actor } from "../auth/actor";
import { requireMembership } from "./access";
import { ZCreateOrganization, type TRole } from "./schema";

export interface OrganizationDto {
  name: string;
  role: TRole;
}

export interface MemberDto {
  email: string;
  name: string | null;
  role: TRole;
  joinedAt: string;
}

const nameTaken = () =>
  new AppError("conflict", "That organization name is taken.", { name: "That organization name is taken." });

export async function createOrganization(actor: Actor, input: unknown): Promise<OrganizationDto> {
  const { name } = parseInput(ZCreateOrganization, input);
  // Names are unique regardless of case so that "Acme" cannot impersonate "acme".
  if (await orgNameExistsCaseInsensitive(name)) throw nameTaken();
  try {
    await db().$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { name } });
      await tx.membership.create({ data: { organizationId: org.id, userId: actor.userId, role: "admin" } });
      await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "organization.create", target: name }, tx);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  return { name, role: "admin" };
}

async function orgNameExistsCaseInsensitive(name: string): Promise<boolean> {
  const rows = await db().$queryRaw<unknown[]>`SELECT 1 FROM "Organization" WHERE lower("name") = ${name.toLowerCase()}`;
  return rows.length > 0;
}

export async function listOrganizations(actor: Actor): Promise<OrganizationDto[]> {
  const rows = await db().membership.findMany({
    where: { userId: actor.userId },
    select: { role: true, organization: { select: { name: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return rows.map((r) => ({ name: r.organization.name, role: r.role as TRole }));
}

export async function getOrganization(actor: Actor, orgName: string): Promise<OrganizationDto> {
  const { org, role } = await requireMembership(actor, orgName);
  return { name: org.name, role };
}

export async function listMembers(actor: Actor, orgName: string): Promise<MemberDto[]> {
  const { org } = await requireMembership(actor, orgName);
  const rows = await db().membership.findMany({
    where: { organizationId: org.id },
    select: { role: true, createdAt: true, user: { select: { email: true, name: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return rows.map((r) => ({ email: r.user.email, name: r.user.name, role: r.role as TRole, joinedAt: r.createdAt.toISOString() }));
}
