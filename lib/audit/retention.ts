// How long an organization keeps its audit events: an admin's setting on the organization's
// Settings page (and the operator's `npm run admin -- audit-retention`). Pruning
// (lib/audit/chain.ts pruneAuditEvents, `npm run admin -- prune-audit`) reads the same column.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { parseInput } from "../validation/form";
import { recordAudit } from "./record";
import type { Actor } from "../auth/actor";
import { requireAdmin, requireMembership } from "../orgs/access";

export const MAX_RETENTION_DAYS = 36_500;

/** `days`: a whole number of days from 1 to 36500, or "" / "forever" to keep events forever. */
export const ZAuditRetention = z.object({
  days: z.union([z.string(), z.number(), z.null()], { message: "Give a number of days, or forever." }).transform((v, ctx) => {
    const s = v === null ? "" : String(v).trim().toLowerCase();
    if (s === "" || s === "forever") return null;
    if (!/^\d{1,6}$/.test(s) || Number(s) < 1 || Number(s) > MAX_RETENTION_DAYS) {
      ctx.addIssue({ code: "custom", message: `Keep events for a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or leave it empty to keep them forever.` });
      return z.NEVER;
    }
    return Number(s);
  }),
});

/** Days the organization keeps audit events; null = forever. Members may read it. */
export async function getAuditRetention(actor: Actor, orgName: string): Promise<{ days: number | null; canChange: boolean }> {
  const { org, role } = await requireMembership(actor, orgName);
  const row = await db().organization.findUniqueOrThrow({ where: { id: org.id }, select: { auditRetentionDays: true } });
  return { days: row.auditRetentionDays, canChange: role === "admin" };
}

/** Admins only; audited in the organization's own log, with the previous value. */
export async function setAuditRetentionDays(actor: Actor, orgName: string, input: unknown): Promise<number | null> {
  const { org } = await requireAdmin(actor, orgName);
  const { days } = parseInput(ZAuditRetention, input);
  await db().$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { auditRetentionDays: true } });
    if (before.auditRetentionDays === days) return;
    await tx.organization.update({ where: { id: org.id }, data: { auditRetentionDays: days } });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "organization.audit-retention", target: org.name, detail: { days, previous: before.auditRetentionDays } }, tx);
  });
  return days;
}
