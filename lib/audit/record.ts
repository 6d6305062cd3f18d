import type { Prisma } from "../db/client";
import { db } from "../db/client";

export interface AuditEntry {
  organizationId?: string | null;
  actorId?: string | null;
  action: string; // "environment.create", "revision.save", "member.add", ...
  target: string; // "acme/payments/dev"
  detail?: Record<string, unknown>;
  address?: string | null;
  userAgent?: string | null;
}

type Tx = Pick<ReturnType<typeof db>, "auditEvent">;

/** Appends an audit event; pass the transaction client to record it atomically with the change. */
export async function recordAudit(entry: AuditEntry, tx: Tx = db()): Promise<void> {
  const data: Prisma.AuditEventUncheckedCreateInput = {
    organizationId: entry.organizationId ?? null,
    actorId: entry.actorId ?? null,
    action: entry.action,
    target: entry.target,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    address: entry.address?.slice(0, 64) ?? null,
    userAgent: entry.userAgent?.slice(0, 256) ?? null,
  };
  await tx.auditEvent.create({ data });
}
