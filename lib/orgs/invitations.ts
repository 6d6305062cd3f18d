// Invitations: the only way into an organization. An admin invites an email address with a
// role; the answer carries a single-use link (shown once, never stored: the database keeps its
// SHA-256) that expires. Whoever opens it signs in (or signs up) as that address and accepts;
// a different account is refused. Accepting claims the row with one conditional UPDATE, so two
// tabs accepting at once make one membership and use the invitation once.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { config, type SignUpConfig } from "../config";
import { ZEmail } from "../users/schema";
import { signUpRefusal } from "../users/sign-up-policy";
import { requireAdmin } from "./access";
import { ROLES, type TRole } from "./schema";

export const INVITATION_TTL_DAYS = 7;
const TOKEN_PREFIX = "fry_inv_";

export const ZInvite = z.object({
  email: ZEmail,
  role: z.enum(ROLES, { message: "Choose a role: admin or member." }).default("member"),
});

export interface InvitationDto {
  id: string;
  email: string;
  role: TRole;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface CreatedInvitation extends InvitationDto {
  /** the secret; shown once */
  token: string;
  /** path of the link to hand to the invitee, on this console */
  path: string;
}

export const invitationPath = (token: string) => `/invite/${token}`;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const WELL_FORMED = /^fry_inv_[A-Za-z0-9_-]{43}$/;

/** "alice@corp.com" → "a…@corp.com": enough for its owner to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at <= 0 ? "…" : `${email[0]}…${email.slice(at)}`;
}

const toDto = (
  r: { id: string; email: string; role: string; createdAt: Date; expiresAt: Date; invitedBy: { email: string } | null },
  now: Date,
): InvitationDto => ({
  id: r.id,
  email: r.email,
  role: r.role as TRole,
  invitedBy: r.invitedBy?.email ?? null,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  expired: r.expiresAt <= now,
});

/**
 * Invites an address (admins only). A pending invitation to the same address is replaced, so
 * an admin who lost the link can make a new one and the old link stops working.
 */
export async function createInvitation(
  actor: Actor,
  orgName: string,
  input: unknown,
  opts: { now?: Date; signUp?: SignUpConfig } = {},
): Promise<CreatedInvitation> {
  const { org } = await requireAdmin(actor, orgName);
  const { email, role } = parseInput(ZInvite, input);
  const now = opts.now ?? new Date();
  const account = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (account) {
    const member = await db().membership.findFirst({ where: { organizationId: org.id, userId: account.id }, select: { id: true } });
    if (member) throw new AppError("conflict", `${email} is already a member.`, { email: "Already a member of this organization." });
  } else {
    // Someone without an account would have to sign up; say now if this server will not let them.
    const refusal = signUpRefusal(opts.signUp ?? config().signUp, email, { invited: true, firstAccount: false });
    if (refusal) throw new AppError("forbidden", `${email} has no Ferry account and cannot create one here: ${refusal}`, { email: refusal });
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000);
  const row = await db().$transaction(async (tx) => {
    const replaced = await tx.invitation.updateMany({
      where: { organizationId: org.id, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const created = await tx.invitation.create({
      data: { organizationId: org.id, email, role, tokenHash: hashToken(token), invitedById: actor.userId, createdAt: now, expiresAt },
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true, invitedBy: { select: { email: true } } },
    });
    await recordAudit(
      { organizationId: org.id, actorId: actor.userId, action: "invitation.send", target: email, detail: { role, invitation: created.id, expiresAt: expiresAt.toISOString(), ...(replaced.count ? { replaced: replaced.count } : {}) } },
      tx,
    );
    return created;
  });
  return { ...toDto(row, now), token, path: invitationPath(token) };
}

/** Invitations not yet accepted or revoked, newest first (admins only); expired ones say so. */
export async function listInvitations(actor: Actor, orgName: string, now = new Date()): Promise<InvitationDto[]> {
  const { org } = await requireAdmin(actor, orgName);
  const rows = await db().invitation.findMany({
    where: { organizationId: org.id, acceptedAt: null, revokedAt: null },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true, invitedBy: { select: { email: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
  });
  return rows.map((r) => toDto(r, now));
}

const ZId = z.string().trim().min(1, "Name the invitation to revoke.").max(64).regex(/^[A-Za-z0-9_-]+$/, "That is not an invitation id.");

/** Revokes a pending invitation (admins only); its link stops working at once. */
export async function revokeInvitation(actor: Actor, orgName: string, id: unknown, now = new Date()): Promise<void> {
  const { org } = await requireAdmin(actor, orgName);
  const invitationId = parseInput(ZId, id);
  await db().$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({ where: { id: invitationId, organizationId: org.id }, select: { email: true } });
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, organizationId: org.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    if (!row || count === 0) throw new AppError("not_found", "No pending invitation has that id. It may have been accepted or revoked already.");
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "invitation.revoke", target: row.email, detail: { invitation: invitationId } }, tx);
  });
}

export type InvitationState = "pending" | "expired" | "used" | "revoked";

export interface InvitationView {
  organization: string;
  role: TRole;
  invitedBy: string | null;
  /** masked: the link's holder learns whose it is only as far as "a…@corp.com" */
  maskedEmail: string;
  state: InvitationState;
  expiresAt: string;
  /** whether the signed-in account (if any was given) is the invited one */
  forYou?: boolean;
}

async function findByToken(token: unknown) {
  if (typeof token !== "string" || !WELL_FORMED.test(token)) return null;
  return db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, organizationId: true,
      organization: { select: { name: true } },
      invitedBy: { select: { email: true, name: true } },
    },
  });
}

const stateOf = (r: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationState =>
  r.acceptedAt ? "used" : r.revokedAt ? "revoked" : r.expiresAt <= now ? "expired" : "pending";

const INVALID = () => new AppError("not_found", "This invitation link is not valid. Check that you copied all of it, or ask for a new one.");
const STATE_MESSAGES: Record<Exclude<InvitationState, "pending">, string> = {
  used: "This invitation has already been used. Ask an admin of the organization for a new one if you still need it.",
  revoked: "This invitation was revoked. Ask an admin of the organization for a new one.",
  expired: `This invitation has expired (links last ${INVITATION_TTL_DAYS} days). Ask an admin of the organization for a new one.`,
};

/** What the invitation page shows the holder of a link. Unknown links are not found. */
export async function viewInvitation(token: unknown, now = new Date(), actor?: Actor | null): Promise<InvitationView> {
  const r = await findByToken(token);
  if (!r) throw INVALID();
  const me = actor ? await db().user.findUnique({ where: { id: actor.userId }, select: { email: true } }) : null;
  return {
    ...(actor ? { forYou: me?.email === r.email } : {}),
    organization: r.organization.name,
    role: r.role as TRole,
    invitedBy: r.invitedBy.name || r.invitedBy.email,
    maskedEmail: maskEmail(r.email),
    state: stateOf(r, now),
    expiresAt: r.expiresAt.toISOString(),
  };
}

/**
 * For sign-up through a link: the invitation must be pending and for this address. Returns
 * nothing; throws the message the sign-up form shows.
 */
export async function checkInvitationForSignUp(token: unknown, email: string, now = new Date()): Promise<void> {
  const r = await findByToken(token);
  if (!r) throw INVALID();
  const state = stateOf(r, now);
  if (state !== "pending") throw new AppError("conflict", STATE_MESSAGES[state]);
  if (r.email !== email) {
    throw new AppError("forbidden", `This invitation is for ${maskEmail(r.email)}; sign up with that address.`, { email: `This invitation is for ${maskEmail(r.email)}.` });
  }
}

export interface AcceptedInvitation {
  organization: string;
  role: TRole;
  /** false when the account was a member already (its role is kept) */
  joined: boolean;
}

/** Accepts an invitation for the signed-in account, which must be the invited address. */
export async function acceptInvitation(actor: Actor, token: unknown, context: { address?: string; userAgent?: string } = {}, now = new Date()): Promise<AcceptedInvitation> {
  const r = await findByToken(token);
  if (!r) throw INVALID();
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  if (!user) throw new AppError("unauthenticated", "Sign in to accept this invitation.");
  const state = stateOf(r, now);
  if (state !== "pending") throw new AppError("conflict", STATE_MESSAGES[state]);
  if (user.email !== r.email) {
    throw new AppError("forbidden", `This invitation is for ${maskEmail(r.email)}; sign in as that account.`);
  }
  return db().$transaction(async (tx) => {
    // The claim: only one transaction finds the row still pending; the others change nothing.
    const { count } = await tx.invitation.updateMany({
      where: { id: r.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: actor.userId },
    });
    if (count !== 1) {
      const again = await tx.invitation.findUniqueOrThrow({ where: { id: r.id }, select: { acceptedAt: true, revokedAt: true, expiresAt: true } });
      const s = stateOf(again, now);
      throw new AppError("conflict", STATE_MESSAGES[s === "pending" ? "used" : s]);
    }
    const existing = await tx.membership.findFirst({ where: { organizationId: r.organizationId, userId: actor.userId }, select: { role: true } });
    if (!existing) await tx.membership.create({ data: { organizationId: r.organizationId, userId: actor.userId, role: r.role } });
    await recordAudit(
      {
        organizationId: r.organizationId,
        actorId: actor.userId,
        action: "invitation.accept",
        target: r.email,
        detail: { invitation: r.id, role: existing ? existing.role : r.role, ...(existing ? { alreadyMember: true } : {}) },
        address: context.address,
        userAgent: context.userAgent,
      },
      tx,
    );
    return { organization: r.organization.name, role: (existing?.role ?? r.role) as TRole, joined: !existing };
  }, { maxWait: 20_000, timeout: 20_000 });
}
