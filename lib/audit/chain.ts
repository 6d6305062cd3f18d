// Tamper evidence for the audit log: each organization's events form a hash chain. An event's
// hash covers its content and the previous event's hash, so editing, deleting or inserting a
// row breaks a link that verifyAuditChain finds. Appends lock the organization's chain head
// row first, so two instances appending at once wait for each other instead of forking the
// chain, and each event gets a time after its predecessor's, so time order is chain order.
import "server-only";
import { createHash } from "node:crypto";
import { db, rawDate } from "../db/client";
import { at, insertAll, runInPrismaTransaction, sql, type HotTransaction, type TxClient } from "../db/hot-writes";
import type { Param } from "../db/hot-reads";

const EVENT_INSERT = `INSERT INTO "AuditEvent" ("id", "organizationId", "actorId", "action", "target", "detail", "address", "userAgent", "result", "environment", "createdAt", "hash", "prevHash") VALUES`;


export type { TxClient };

export interface ChainedContent {
  id: string;
  organizationId: string;
  actorId: string | null;
  action: string;
  target: string;
  detail: string | null;
  address: string | null;
  userAgent: string | null;
  result: string;
  environment: string | null;
  createdAt: Date;
}

/** SHA-256 (hex) of the previous hash and the event's fields, as one JSON array. */
export function eventHash(prevHash: string, e: ChainedContent): string {
  const fields = [prevHash, e.id, e.organizationId, e.actorId, e.action, e.target, e.detail, e.address, e.userAgent, e.result, e.environment, e.createdAt.toISOString()];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

/** Takes the organization's chain head, creating it on first use; held until the transaction ends. */
export async function lockChainHead(tx: TxClient, organizationId: string) {
  await tx.$executeRaw`INSERT INTO "AuditChainHead" ("organizationId", "lastHash", "anchorHash") VALUES (${organizationId}, '', '') ON CONFLICT ("organizationId") DO NOTHING`;
  // An UPDATE locks the row on PostgreSQL (and takes SQLite's write lock) until commit; RETURNING
  // reads it in the same statement (both databases have it), which keeps the time every append
  // of the organization waits in line a query shorter.
  const rows = await tx.$queryRaw<{ organizationId: string; lastHash: string; lastAt: unknown; anchorHash: string }[]>`
    UPDATE "AuditChainHead" SET "lastHash" = "lastHash" WHERE "organizationId" = ${organizationId}
    RETURNING "organizationId", "lastHash", "lastAt", "anchorHash"`;
  const head = rows[0];
  if (!head) throw new Error(`the audit chain head of ${organizationId} vanished inside its transaction`);
  return { organizationId: head.organizationId, lastHash: head.lastHash, lastAt: rawDate(head.lastAt), anchorHash: head.anchorHash };
}

/** Appends one event of an organization to its chain (inside the caller's transaction). */
export async function appendChained(tx: TxClient, event: Omit<ChainedContent, "createdAt">): Promise<void> {
  await runInPrismaTransaction(tx, () => appendChainedMany(event.organizationId, [event]));
}

/**
 * Appends events of one organization to its chain in the order given, under one lock of its head
 * (a group commit's batch), as statements of the transaction that runs it (lib/db/hot-writes.ts).
 */
export function* appendChainedMany(organizationId: string, events: Omit<ChainedContent, "createdAt">[]): HotTransaction<void> {
  if (events.length === 0) return;
  yield* sql`INSERT INTO "AuditChainHead" ("organizationId", "lastHash", "anchorHash") VALUES (${organizationId}, '', '') ON CONFLICT ("organizationId") DO NOTHING`;
  // the UPDATE locks the head until commit (PostgreSQL's row lock; SQLite's write lock is held already)
  const heads = yield* sql<{ lastHash: string; lastAt: unknown }[]>`
    UPDATE "AuditChainHead" SET "lastHash" = "lastHash" WHERE "organizationId" = ${organizationId} RETURNING "lastHash", "lastAt"`;
  if (!heads[0]) throw new Error(`the audit chain head of ${organizationId} vanished inside its transaction`);
  let prevHash = heads[0].lastHash;
  let lastAt = rawDate(heads[0].lastAt)?.getTime() ?? 0;
  const now = Date.now();
  const rows: Param[][] = [];
  for (const e of events) {
    if (e.organizationId !== organizationId) throw new Error("appendChainedMany: events of another organization");
    // strictly after its predecessor, so time order is chain order
    lastAt = Math.max(now, lastAt + 1);
    const createdAt = new Date(lastAt);
    const hash = eventHash(prevHash, { ...e, createdAt });
    rows.push([e.id, organizationId, e.actorId, e.action, e.target, e.detail, e.address, e.userAgent, e.result, e.environment, at(createdAt), hash, prevHash]);
    prevHash = hash;
  }
  // the batch's events in one statement
  yield* insertAll(rows.map((row) => ({ into: EVENT_INSERT, order: 0, row })));
  yield* sql`UPDATE "AuditChainHead" SET "lastHash" = ${prevHash}, "lastAt" = ${at(new Date(lastAt))} WHERE "organizationId" = ${organizationId}`;
}

export interface ChainReport {
  organization: string;
  events: number;
  /** the first broken link, oldest first; undefined when the chain is intact */
  broken?: { eventId: string | null; at: string | null; problem: string };
}

const PAGE = 2_000;

/** Walks an organization's chained events oldest first and reports the first broken link. */
export async function verifyAuditChain(organizationId: string): Promise<ChainReport> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true, auditChain: true } });
  const head = org.auditChain;
  let expectedPrev = head?.anchorHash ?? "";
  let count = 0;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await db().auditEvent.findMany({
      where: { organizationId, hash: { not: null }, ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE,
    });
    for (const r of rows) {
      const at = r.createdAt.toISOString();
      const broken = (problem: string): ChainReport => ({ organization: org.name, events: count, broken: { eventId: r.id, at, problem } });
      if (r.prevHash !== expectedPrev) {
        return broken(count === 0 && expectedPrev ? "the oldest kept event does not follow the last pruned one: events were removed or inserted" : "does not follow the event before it: an event before it was removed, or this one was inserted");
      }
      if (eventHash(r.prevHash, { ...r, organizationId }) !== r.hash) return broken("its content does not match its hash: the event was edited");
      expectedPrev = r.hash!;
      count++;
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!;
  }
  // Unchained events after the chain began would be rows written around it.
  const firstChained = await db().auditEvent.findFirst({ where: { organizationId, hash: { not: null } }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  if (firstChained) {
    const stray = await db().auditEvent.findFirst({ where: { organizationId, hash: null, createdAt: { gt: firstChained.createdAt } }, select: { id: true, createdAt: true } });
    if (stray) return { organization: org.name, events: count, broken: { eventId: stray.id, at: stray.createdAt.toISOString(), problem: "has no hash although the chain had begun: the row was written outside Ferry or its hash removed" } };
  }
  if ((head?.lastHash ?? "") !== expectedPrev) {
    return { organization: org.name, events: count, broken: { eventId: null, at: null, problem: "the newest events are missing: the chain ends before its recorded head" } };
  }
  return { organization: org.name, events: count };
}

/**
 * Deletes an organization's events older than its retention, keeping the chain verifiable: the
 * hash of the newest deleted event becomes the anchor the oldest kept event must link to.
 */
export async function pruneAuditEvents(organizationId: string, now = new Date()): Promise<number> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { auditRetentionDays: true } });
  if (!org.auditRetentionDays) return 0;
  const cutoff = new Date(now.getTime() - org.auditRetentionDays * 86_400_000);
  return db().$transaction(async (tx) => {
    await lockChainHead(tx, organizationId);
    const last = await tx.auditEvent.findFirst({
      where: { organizationId, createdAt: { lt: cutoff } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { hash: true },
    });
    if (!last) return 0;
    const { count } = await tx.auditEvent.deleteMany({ where: { organizationId, createdAt: { lt: cutoff } } });
    if (last.hash) await tx.auditChainHead.update({ where: { organizationId }, data: { anchorHash: last.hash } });
    return count;
  }, { maxWait: 20_000, timeout: 120_000 });
}

/** Operator setting (npm run admin): days to keep an organization's audit events, null = forever. */
export async function setAuditRetention(orgName: string, days: number | null): Promise<void> {
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 36_500)) throw new RangeError("retention is a whole number of days from 1 to 36500");
  await db().organization.update({ where: { name: orgName }, data: { auditRetentionDays: days } });
}
