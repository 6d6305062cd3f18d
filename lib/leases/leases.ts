// Leases as people see and act on them. Listing needs membership and the read right on each
// lease's environment; revoking and renewing need the open right on it (the right that issued
// the credentials). A lease the caller may not see is "not found", like one that does not exist.
import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { recordAudit, type RequestInfo } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requireMembership } from "../orgs/access";
import { can, requireEnvironment, rightOn } from "../environments/access";
import { parseInput } from "../validation/form";
import { systemClock, type Clock } from "../providers/azure-sp/retry";
import { claimLease, endClaimedLease } from "./end";
import { LEASE_PAGE_SIZE, ZLeaseFilter, ZLeaseId, ZRenewLease, type LeaseState, type LeaseVia } from "./schema";

export interface LeaseDto {
  id: string;
  provider: string;
  organization: string;
  project: string;
  environment: string;
  revision: number;
  openedBy: { user: string | null; runToken?: string };
  via: LeaseVia;
  issuedAt: string;
  expiresAt: string;
  maxExpiresAt?: string;
  renewable: boolean;
  revocable: boolean;
  notRevocableReason?: string;
  state: LeaseState;
  error?: string;
  externalIds: Record<string, unknown>;
}

export interface LeasePage {
  leases: LeaseDto[];
  continuationToken: string | null;
}

type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["lease"]["findUnique"]>>>;

/** An active lease past its expiry is expired, whether or not the reaper has come by yet. */
function stateOf(row: Row, now: number): LeaseState {
  if (row.state === "active" && row.expiresAt.getTime() <= now && !row.revocable) return "expired";
  return row.state as LeaseState;
}

function toDto(row: Row, org: string, emails: Map<string, string>, now: number): LeaseDto {
  return {
    id: row.id,
    provider: row.provider,
    organization: org,
    project: row.project,
    environment: row.environment,
    revision: row.revision,
    openedBy: { user: row.openedById ? (emails.get(row.openedById) ?? null) : null, ...(row.runTokenId ? { runToken: row.runTokenId } : {}) },
    via: row.via as LeaseVia,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    ...(row.maxExpiresAt ? { maxExpiresAt: row.maxExpiresAt.toISOString() } : {}),
    renewable: row.renewable,
    revocable: row.revocable,
    ...(row.notRevocableReason ? { notRevocableReason: row.notRevocableReason } : {}),
    state: stateOf(row, now),
    ...(row.error ? { error: row.error } : {}),
    externalIds: JSON.parse(row.externalIds) as Record<string, unknown>,
  };
}

async function emailsOf(rows: Row[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.openedById).filter((x): x is string => !!x))];
  const users = ids.length ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  return new Map(users.map((u) => [u.id, u.email]));
}

/**
 * Newest first, keyset-paginated (the token is the last lease's id). `environment` (project/env)
 * narrows to one environment, which then needs the read right; otherwise leases of environments
 * the caller cannot read are left out.
 */
export async function listLeases(actor: Actor, orgName: string, filter: unknown = {}): Promise<LeasePage> {
  const f = parseInput(ZLeaseFilter, filter);
  const { org, role } = await requireMembership(actor, orgName);
  let environmentId: string | undefined;
  if (f.environment) {
    const [project, name] = f.environment.split("/");
    environmentId = (await requireEnvironment(actor, { org: orgName, project, name }, "reader")).env.id;
  }
  const now = Date.now();
  let openedById: string | undefined;
  if (f.openedBy) {
    const user = await db().user.findUnique({ where: { email: f.openedBy.toLowerCase() }, select: { id: true } });
    if (!user) return { leases: [], continuationToken: null };
    openedById = user.id;
  }
  const after = f.continuationToken ? await db().lease.findFirst({ where: { id: f.continuationToken, organizationId: org.id }, select: { id: true, issuedAt: true } }) : null;
  if (f.continuationToken && !after) throw new AppError("invalid_input", "That continuation token is not one Ferry issued for this list.");
  // "expired" includes active irrevocable leases past their expiry that the reaper has not marked yet.
  const stateWhere =
    f.state === "expired"
      ? { OR: [{ state: "expired" }, { state: "active", revocable: false, expiresAt: { lte: new Date(now) } }] }
      : f.state === "active"
        ? { state: "active", NOT: { revocable: false, expiresAt: { lte: new Date(now) } } }
        : f.state
          ? { state: f.state }
          : {};
  const rows = await db().lease.findMany({
    where: {
      organizationId: org.id,
      ...(environmentId ? { environmentId } : {}),
      ...(f.provider ? { provider: f.provider } : {}),
      ...(openedById ? { openedById } : {}),
      AND: [stateWhere, after ? { OR: [{ issuedAt: { lt: after.issuedAt } }, { issuedAt: after.issuedAt, id: { lt: after.id } }] } : {}],
    },
    orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
    take: LEASE_PAGE_SIZE + 1,
  });
  const page = rows.slice(0, LEASE_PAGE_SIZE);
  const readable = new Map<string, boolean>();
  for (const envId of new Set(page.map((r) => r.environmentId))) readable.set(envId, can({ right: await rightOn(actor, { org, role }, envId) }, "reader"));
  const emails = await emailsOf(page);
  return {
    leases: page.filter((r) => readable.get(r.environmentId)).map((r) => toDto(r, org.name, emails, now)),
    continuationToken: rows.length > LEASE_PAGE_SIZE ? page[page.length - 1].id : null,
  };
}

type ActInfo = RequestInfo;

/** The lease, if the caller may open its environment; "not found" if they may not read it. */
async function requireLeaseToAct(actor: Actor, orgName: string, id: unknown, verb: string) {
  const { org, role } = await requireMembership(actor, orgName);
  const leaseId = ZLeaseId.safeParse(id);
  if (!leaseId.success) throw notFound("Lease");
  const row = await db().lease.findFirst({ where: { id: leaseId.data, organizationId: org.id } });
  if (!row) throw notFound("Lease");
  const right = await rightOn(actor, { org, role }, row.environmentId);
  if (!can({ right }, "reader")) throw notFound("Lease");
  if (!can({ right }, "opener")) throw new AppError("forbidden", `You can't ${verb} leases of ${orgName}/${row.project}/${row.environment}: your access is "${right}".`);
  return { org, row };
}

/** Deletes the lease's credentials now. A failing clean-up is kept as "revocation_failing" and retried by the reaper. */
export async function revokeLease(actor: Actor, orgName: string, id: unknown, info: ActInfo = {}, clock: Clock = systemClock): Promise<LeaseDto> {
  const { org, row } = await requireLeaseToAct(actor, orgName, id, "revoke");
  const now = clock.now();
  if (!row.revocable) {
    throw new AppError("conflict", `This ${row.provider} lease cannot be revoked: ${row.notRevocableReason ?? "its provider cannot recall credentials"} It expires at ${row.expiresAt.toISOString()}.`);
  }
  if (row.state === "revoked" || row.state === "expired") throw new AppError("conflict", `This lease has already ${row.state === "revoked" ? "been revoked" : "expired"}; its credentials were deleted.`);
  if (!(await claimLease(row.id, new Date(now)))) {
    throw new AppError("conflict", "Ferry is already deleting this lease's credentials (the reaper or another revoke got there first). Reload in a moment.");
  }
  await endClaimedLease(row.id, "revoked", { actorId: actor.userId, ...info }, clock);
  const fresh = (await db().lease.findUnique({ where: { id: row.id } }))!;
  return toDto(fresh, org.name, await emailsOf([fresh]), now);
}

/** Extends an active lease by `increment` from now, never past its maxTtl. */
export async function renewLease(actor: Actor, orgName: string, id: unknown, input: unknown, info: ActInfo = {}, clock: Clock = systemClock): Promise<LeaseDto> {
  const { increment } = parseInput(ZRenewLease, input);
  const { org, row } = await requireLeaseToAct(actor, orgName, id, "renew");
  const now = clock.now();
  if (!row.renewable || !row.maxExpiresAt) throw new AppError("conflict", `This ${row.provider} lease cannot be renewed: its credentials end at ${row.expiresAt.toISOString()}.`);
  if (row.state !== "active" || row.expiresAt.getTime() <= now) throw new AppError("conflict", `Only an active lease can be renewed; this one is ${stateOf(row, now).replace("_", " ")}.`);
  const max = row.maxExpiresAt.getTime();
  if (row.expiresAt.getTime() >= max || now >= max) {
    throw new AppError("conflict", `This lease already reaches its maxTtl (${row.maxExpiresAt.toISOString()}); it cannot be renewed past it. Open the environment again for new credentials.`);
  }
  const expiresAt = new Date(Math.min(now + increment * 1000, max));
  // Conditional on the row as read, so a revoke or the reaper in between wins and this fails.
  const updated = await db().$transaction(async (tx) => {
    const done = await tx.lease.updateMany({ where: { id: row.id, state: "active", expiresAt: row.expiresAt, claimedBy: null }, data: { expiresAt } });
    if (done.count !== 1) return false;
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "lease.renew", target: `${row.project}/${row.environment}`, detail: { lease: row.id, from: row.expiresAt.toISOString(), to: expiresAt.toISOString(), capped: expiresAt.getTime() === max }, ...info }, tx);
    return true;
  });
  if (!updated) throw new AppError("conflict", "The lease changed while renewing it (it was renewed, revoked or reaped); reload and try again.");
  const fresh = (await db().lease.findUnique({ where: { id: row.id } }))!;
  return toDto(fresh, org.name, await emailsOf([fresh]), now);
}
