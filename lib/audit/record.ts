import "server-only";
import type { Prisma } from "../db/client";
import { db } from "../db/client";
import { newRowId } from "../db/ids";
import { groupCommitter } from "../db/group-commit";
import { insertAll, type HotTransaction, type RowInsert } from "../db/hot-writes";
import { appendChained, appendChainedMany, type ChainedContent, type TxClient } from "./chain";

/** Where a request came from, as the audit log records it; transports fill it in (lib/api/http.ts requestInfo). */
export interface RequestInfo {
  address?: string;
  userAgent?: string;
}

export interface AuditEntry {
  organizationId?: string | null;
  actorId?: string | null;
  action: string; // "environment.create", "revision.save", "member.add", ...
  target: string; // "acme/payments/dev"
  detail?: Record<string, unknown>;
  address?: string | null;
  userAgent?: string | null;
  /** "refused": the actor tried something their rights do not allow */
  result?: "allowed" | "refused";
}


// Every event about one environment targets "<org>/<project>/<env>" (formatRef); its
// "<project>/<env>" is kept in a column of its own so the log can be filtered by environment.
const ENV_TARGET = /^[^/]+\/([^/]+\/[^/]+)$/;

/**
 * Appends an audit event; pass the transaction client to record it atomically with the change.
 * An organization's events join its hash chain (lib/audit/chain.ts).
 */
export async function recordAudit(entry: AuditEntry, tx?: TxClient): Promise<void> {
  const data = eventRow(entry);
  const { organizationId } = data;
  if (organizationId === null) {
    await (tx ?? db()).auditEvent.create({ data: data satisfies Prisma.AuditEventUncheckedCreateInput });
  } else if (tx) {
    await appendChained(tx, { ...data, organizationId });
  } else {
    // On its own, each event goes with whatever else is being appended at that moment: one
    // transaction (one lock of each chain head) per batch, committed before this returns.
    await appendBatched({ event: { ...data, organizationId } });
  }
}

/**
 * Appends an organization's audit event and, in the same transaction, the caller's own rows
 * (`alongside`): an open's session exists only if its open was recorded, and the two cost one
 * commit. Batched like recordAudit; rows given as RowInserts go in one INSERT per kind for the
 * whole batch (one round trip for all of a batch's sessions on PostgreSQL, not one each).
 */
export async function recordAuditAlongside(entry: AuditEntry & { organizationId: string }, alongside: Alongside): Promise<void> {
  await appendBatched({ event: { ...eventRow(entry), organizationId: entry.organizationId }, alongside });
}

function eventRow(entry: AuditEntry) {
  return {
    id: newRowId(),
    organizationId: entry.organizationId ?? null,
    actorId: entry.actorId ?? null,
    action: entry.action,
    target: entry.target,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    address: entry.address?.slice(0, 64) ?? null,
    userAgent: entry.userAgent?.slice(0, 256) ?? null,
    result: entry.result ?? "allowed",
    environment: ENV_TARGET.exec(entry.target)?.[1] ?? null,
  };
}

type Chained = Omit<ChainedContent, "createdAt">;

/** The caller's rows: statements of its own, or rows the batch inserts with everyone's. */
export type Alongside = (() => HotTransaction<void>) | RowInsert[];

const appendBatched = groupCommitter<{ event: Chained; alongside?: Alongside }>(function* (items) {
  const byOrganization = new Map<string, Chained[]>();
  for (const { event: e } of items) {
    const list = byOrganization.get(e.organizationId);
    if (list) list.push(e);
    else byOrganization.set(e.organizationId, [e]);
  }
  // a fixed order of the heads' locks: two instances' batches never wait for each other in a circle
  for (const org of [...byOrganization.keys()].sort()) yield* appendChainedMany(org, byOrganization.get(org)!);
  const rows: RowInsert[] = [];
  for (const { alongside } of items) {
    if (typeof alongside === "function") yield* alongside();
    else if (alongside) rows.push(...alongside);
  }
  yield* insertAll(rows);
});
