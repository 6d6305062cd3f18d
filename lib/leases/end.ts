// Ending a revocable lease, for "Revoke" and the reaper alike. One instance at a time works on a
// lease: it claims the row with a conditional UPDATE (… WHERE claimedBy IS NULL OR the claim ran
// out), which PostgreSQL re-checks after waiting on the row lock and SQLite's single writer
// serializes, so two instances never both delete. A failed clean-up is kept as
// "revocation_failing" with the cloud's words and retried with exponential backoff.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { recordAudit } from "../audit/record";
import type { Clock } from "../providers/azure-sp/retry";
import { deleteLeaseObjects, revocationFailure } from "./cloud";

/** Long enough for a slow deletion (each Azure call waits at most 30 s); a crashed instance's claim then lapses. */
export const CLAIM_MS = 5 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3600_000;

/** 30 s, 1 min, 2 min, … up to 6 h between attempts at a clean-up that keeps failing. */
export const retryDelayMs = (attempts: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));

/** This process's name in `claimedBy`. */
export const INSTANCE_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

const ENDABLE = ["pending", "active", "revocation_failing"];

/** Claims a lease for this instance; false when another instance holds it or it already ended. */
export async function claimLease(id: string, now: Date, instance = INSTANCE_ID): Promise<boolean> {
  const claimed = await db().lease.updateMany({
    where: { id, state: { in: ENDABLE }, revocable: true, OR: [{ claimedBy: null }, { claimedUntil: { lt: now } }] },
    data: { claimedBy: instance, claimedUntil: new Date(now.getTime() + CLAIM_MS) },
  });
  return claimed.count === 1;
}

export interface EndOutcome {
  ended: boolean;
  error?: string;
}

/**
 * Deletes a claimed lease's cloud objects and records the outcome: `endState` on success
 * ("revoked" for a person's revoke, "expired" for the reaper), else "revocation_failing".
 */
export async function endClaimedLease(id: string, endState: "revoked" | "expired", who: { actorId: string | null; address?: string; userAgent?: string }, clock: Clock, instance = INSTANCE_ID): Promise<EndOutcome> {
  const row = await db().lease.findUnique({ where: { id } });
  if (!row || row.claimedBy !== instance) return { ended: false };
  const target = `${row.project}/${row.environment}`;
  const audit = { organizationId: row.organizationId, actorId: who.actorId, target, address: who.address, userAgent: who.userAgent };
  try {
    const warnings = await deleteLeaseObjects(row, clock);
    const now = new Date(clock.now());
    await db().$transaction(async (tx) => {
      await tx.lease.update({ where: { id }, data: { state: endState, endedAt: now, error: null, claimedBy: null, claimedUntil: null, nextAttemptAt: null } });
      await recordAudit({ ...audit, action: endState === "revoked" ? "lease.revoke" : "lease.expire", detail: { lease: id, provider: row.provider, wasPending: row.state === "pending", ...(warnings.length ? { warnings } : {}) } }, tx);
    });
    return { ended: true };
  } catch (e) {
    const error = revocationFailure(e);
    const attempts = row.attempts + 1;
    const now = clock.now();
    await db().$transaction(async (tx) => {
      await tx.lease.update({
        where: { id },
        data: { state: "revocation_failing", error, attempts, nextAttemptAt: new Date(now + retryDelayMs(attempts)), claimedBy: null, claimedUntil: null },
      });
      await recordAudit({ ...audit, action: "lease.revoke-failed", detail: { lease: id, provider: row.provider, attempts, error } }, tx);
    });
    return { ended: false, error };
  }
}
