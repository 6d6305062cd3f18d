// Changing and ending memberships. Admins only; an organization always keeps at least one
// admin, so nobody can lock everyone out by accident. Members may leave on their own.
// Every change locks the organization's row first and re-reads the actor's role under the
// lock: two admins demoting (or removing) each other at once would otherwise each see the
// other still an admin, and both succeed.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requireMembership } from "./access";
import { lockRow } from "../db/row-lock";
import { ROLES } from "./schema";
import { ZEmail } from "../users/schema";

const ZChangeRole = z.object({ email: ZEmail, role: z.enum(ROLES, { message: "Choose a role: admin or member." }) });
const ZRemove = z.object({ email: ZEmail });

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

async function targetMembership(tx: Tx, organizationId: string, email: string) {
  const m = await tx.membership.findFirst({ where: { organizationId, user: { email } }, select: { id: true, role: true, userId: true } });
  if (!m) throw new AppError("not_found", `${email} is not a member.`, { email: "Not a member of this organization." });
  return m;
}

/** Locks the organization and returns the actor's role as it is now (undefined: no longer a member). */
async function lockAndReadRole(tx: Tx, organizationId: string, actor: Actor): Promise<string | undefined> {
  await lockRow(tx, "Organization", organizationId);
  const mine = await tx.membership.findFirst({ where: { organizationId, userId: actor.userId }, select: { role: true } });
  return mine?.role;
}

const notAdmin = (what: string) => new AppError("forbidden", `Only organization admins can ${what}.`);

async function assertAnotherAdmin(tx: Tx, organizationId: string, exceptUserId: string) {
  const admins = await tx.membership.count({ where: { organizationId, role: "admin", userId: { not: exceptUserId } } });
  if (admins === 0) throw new AppError("conflict", "An organization needs at least one admin. Make someone else an admin first.");
}

export async function changeMemberRole(actor: Actor, orgName: string, input: unknown): Promise<void> {
  const { org, role: myRole } = await requireMembership(actor, orgName);
  if (myRole !== "admin") throw notAdmin("change roles");
  const { email, role } = parseInput(ZChangeRole, input);
  await db().$transaction(async (tx) => {
    if ((await lockAndReadRole(tx, org.id, actor)) !== "admin") throw notAdmin("change roles");
    const m = await targetMembership(tx, org.id, email);
    if (m.role === role) return;
    if (m.role === "admin") await assertAnotherAdmin(tx, org.id, m.userId);
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "member.role", target: email, detail: { role } }, tx);
  });
}

/** Removes a member (admins), or the actor themself (anyone). Their run tokens die with it. */
export async function removeMember(actor: Actor, orgName: string, input: unknown): Promise<void> {
  const { org } = await requireMembership(actor, orgName);
  const { email } = parseInput(ZRemove, input);
  await db().$transaction(async (tx) => {
    const myRoleNow = await lockAndReadRole(tx, org.id, actor);
    const m = await targetMembership(tx, org.id, email);
    if (m.userId !== actor.userId && myRoleNow !== "admin") throw notAdmin("remove members");
    if (m.role === "admin") await assertAnotherAdmin(tx, org.id, m.userId);
    await tx.membership.delete({ where: { id: m.id } });
    await tx.accessGrant.deleteMany({ where: { userId: m.userId, organizationId: org.id } });
    await tx.teamMember.deleteMany({ where: { userId: m.userId, team: { organizationId: org.id } } });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "member.remove", target: email }, tx);
  });
}
