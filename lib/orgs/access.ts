// Membership checks shared by every domain module. An organization the actor does not belong
// to is reported as not found, exactly like one that does not exist, so names never leak.
import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import type { TRole } from "./schema";
import { isWellFormedName } from "../validation/names";

export interface OrgAccess {
  org: { id: string; name: string; defaultPermission: string };
  role: TRole;
}

export async function requireMembership(actor: Actor, orgName: string): Promise<OrgAccess> {
  if (!isWellFormedName("organization", orgName)) throw notFound("Organization");
  const membership = await db().membership.findFirst({
    where: { userId: actor.userId, organization: { name: orgName } },
    select: { role: true, organization: { select: { id: true, name: true, defaultPermission: true } } },
  });
  if (!membership) throw notFound("Organization");
  return { org: membership.organization, role: membership.role as TRole };
}

export async function requireAdmin(actor: Actor, orgName: string): Promise<OrgAccess> {
  const access = await requireMembership(actor, orgName);
  if (access.role !== "admin") {
    throw new AppError("forbidden", "Only organization admins can do that.");
  }
  return access;
}
