// The lease reaper: every instance runs one. Each pass ends the revocable leases that are due
// (expired, or failing and due a retry, or pending past PENDING_GRACE because the open that
// wrote them died), claiming each first so that no two instances clean the same lease, and
// marks irrevocable leases past their expiry as expired. Time is injected so tests do not sleep.
import "server-only";
import { db } from "../db/client";
import { recordAudit } from "../audit/record";
import { systemClock, type Clock } from "../providers/azure-sp/retry";
import { claimLease, endClaimedLease, INSTANCE_ID } from "./end";
import { log } from "../ops/log";

/** An open that has not completed its lease after this long has died (it waits at most a minute per Azure call). */
export const PENDING_GRACE_MS = 15 * 60_000;
export const REAPER_INTERVAL_MS = 30_000;
/** Leases ended per pass; the next pass takes the rest. */
const BATCH = 20;

export interface ReapReport {
  ended: string[];
  failed: string[];
  /** due, but another instance held them */
  skipped: string[];
  expiredIrrevocable: number;
}

export async function reapDueLeases(opts: { clock?: Clock; instance?: string } = {}): Promise<ReapReport> {
  const clock = opts.clock ?? systemClock;
  const instance = opts.instance ?? INSTANCE_ID;
  const now = new Date(clock.now());
  const report: ReapReport = { ended: [], failed: [], skipped: [], expiredIrrevocable: 0 };
  const due = await db().lease.findMany({
    where: {
      revocable: true,
      OR: [
        { state: "active", expiresAt: { lte: now } },
        { state: "revocation_failing", nextAttemptAt: { lte: now } },
        { state: "pending", issuedAt: { lte: new Date(now.getTime() - PENDING_GRACE_MS) } },
      ],
    },
    orderBy: { expiresAt: "asc" },
    select: { id: true },
    take: BATCH,
  });
  for (const { id } of due) {
    if (!(await claimLease(id, now, instance))) {
      report.skipped.push(id);
      continue;
    }
    const outcome = await endClaimedLease(id, "expired", { actorId: null }, clock, instance);
    (outcome.ended ? report.ended : report.failed).push(id);
  }
  report.expiredIrrevocable = await expireIrrevocable(now);
  return report;
}

async function expireIrrevocable(now: Date): Promise<number> {
  const rows = await db().lease.findMany({ where: { revocable: false, state: "active", expiresAt: { lte: now } }, select: { id: true, organizationId: true, project: true, environment: true, provider: true }, take: 200 });
  let n = 0;
  for (const r of rows) {
    await db().$transaction(async (tx) => {
      // Conditional, so an instance racing on the same row audits it once.
      const done = await tx.lease.updateMany({ where: { id: r.id, state: "active" }, data: { state: "expired", endedAt: now } });
      if (done.count !== 1) return;
      n++;
      await recordAudit({ organizationId: r.organizationId, actorId: null, action: "lease.expire", target: `${r.project}/${r.environment}`, detail: { lease: r.id, provider: r.provider, revocable: false } }, tx);
    });
  }
  return n;
}

/** Runs reapDueLeases every interval until stopped; a failing pass is logged and the next one tries again. */
export function startLeaseReaper(opts: { intervalMs?: number; log?: (line: string) => void } = {}): { stop(): Promise<void> } {
  const report = opts.log ?? ((line) => log().info(line));
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = async () => {
    try {
      const r = await reapDueLeases();
      if (r.ended.length || r.failed.length) report(`lease reaper: deleted the credentials of ${r.ended.length} lease(s), ${r.failed.length} failed and will be retried`);
    } catch (e) {
      log().error({ err: e }, "lease reaper pass failed");
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = pass().finally(() => (running = undefined));
  }, opts.intervalMs ?? REAPER_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
