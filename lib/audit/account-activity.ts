// The signed-in account's own instance-level events: sign-ins (successful, failed, throttled)
// and sign-up attempts with its address. They belong to no organization, so no organization's
// admins see them; the account's owner does, under Account → Activity.
import "server-only";
import { db } from "../db/client";
import type { Actor } from "../auth/actor";

export interface AccountEventDto {
  id: string;
  at: string;
  action: string;
  result: string;
  address: string | null;
  userAgent: string | null;
  reason: string | null;
}

export async function listAccountActivity(actor: Actor, limit = 100): Promise<AccountEventDto[]> {
  const rows = await db().auditEvent.findMany({
    where: { organizationId: null, actorId: actor.userId, action: { in: ["user.sign-in", "user.sign-up"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, Math.floor(limit) || 100), 500),
  });
  return rows.map((r) => {
    const detail = r.detail ? (JSON.parse(r.detail) as { reason?: unknown }) : null;
    return {
      id: r.id,
      at: r.createdAt.toISOString(),
      action: r.action,
      result: r.result,
      address: r.address,
      userAgent: r.userAgent,
      reason: typeof detail?.reason === "string" ? detail.reason : null,
    };
  });
}
