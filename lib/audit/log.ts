// Reading the audit log: organization admins only, newest first, narrowed by filters, in pages
// that continue from the last row seen (keyset on createdAt, id), so page 10,000 costs what
// page 1 does. Export walks the same pages.
import "server-only";
import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { requireAdmin } from "../orgs/access";
import { parseInput } from "../validation/form";

const ZDate = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), "Give times as ISO 8601, such as 2026-01-31T12:00:00Z.")
  .transform((v) => new Date(v));

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).optional().transform((v) => (v ? v : undefined));

export const ZAuditFilter = z.object({
  actor: text(254),
  environment: text(130),
  action: text(64),
  result: z.enum(["allowed", "refused"], { message: "Result is allowed or refused." }).optional().or(z.literal("").transform(() => undefined)),
  from: ZDate.optional().or(z.literal("").transform(() => undefined)),
  to: ZDate.optional().or(z.literal("").transform(() => undefined)),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

export interface AuditEventDto {
  id: string;
  at: string;
  actor: string | null;
  action: string;
  target: string;
  environment: string | null;
  result: string;
  address: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
}

export const PAGE_SIZE = 50;
const MAX_PAGE = 500;

/** Opaque position after the last event of a page: "<epoch ms>.<id>", base64url. */
const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.getTime()}.${id}`).toString("base64url");

function decodeCursor(cursor: string): { at: Date; id: string } {
  const raw = cursor.length <= 200 ? Buffer.from(cursor, "base64url").toString() : "";
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(raw);
  if (!m) throw new AppError("invalid_input", "The continuation token is not one this log handed out.");
  return { at: new Date(Number(m[1])), id: m[2] };
}

async function whereFor(organizationId: string, f: TAuditFilter): Promise<Prisma.AuditEventWhereInput | null> {
  let actorId: string | undefined;
  if (f.actor) {
    const user = await db().user.findUnique({ where: { email: f.actor.toLowerCase() }, select: { id: true } });
    if (!user) return null;
    actorId = user.id;
  }
  return {
    organizationId,
    ...(actorId ? { actorId } : {}),
    ...(f.environment ? { environment: f.environment } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.result ? { result: f.result } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

async function page(where: Prisma.AuditEventWhereInput, cursor: string | undefined, limit: number) {
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await db().auditEvent.findMany({
    // "before (at, id)" written as a range on createdAt (which the indexes can seek to) plus a
    // tie-break, rather than an OR the planners answer by scanning
    where: after ? { AND: [where, { createdAt: { lte: after.at } }, { OR: [{ createdAt: { lt: after.at } }, { id: { lt: after.id } }] }] } : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const more = rows.length > limit;
  const kept = rows.slice(0, limit);
  const actors = [...new Set(kept.map((r) => r.actorId).filter((id): id is string => !!id))];
  const emails = new Map((await db().user.findMany({ where: { id: { in: actors } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]));
  const events: AuditEventDto[] = kept.map((r) => ({
    id: r.id,
    at: r.createdAt.toISOString(),
    actor: r.actorId ? (emails.get(r.actorId) ?? "(deleted user)") : null,
    action: r.action,
    target: r.target,
    environment: r.environment,
    result: r.result,
    address: r.address,
    userAgent: r.userAgent,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  }));
  const last = kept.at(-1);
  return { events, next: more && last ? encodeCursor(last.createdAt, last.id) : null };
}

/** One page of the organization's audit log, newest first. */
export async function listAuditEvents(
  actor: Actor,
  orgName: string,
  filter: unknown,
  cursor?: string,
  limit = PAGE_SIZE,
): Promise<{ events: AuditEventDto[]; next: string | null }> {
  const { org } = await requireAdmin(actor, orgName);
  const f = parseInput(ZAuditFilter, filter);
  const where = await whereFor(org.id, f);
  if (!where) return { events: [], next: null };
  return page(where, cursor || undefined, Math.min(Math.max(1, Math.floor(limit) || PAGE_SIZE), MAX_PAGE));
}

/** Every event matching the filter, newest first, in pages; authorized once, before the first. */
export async function exportAuditEvents(actor: Actor, orgName: string, filter: unknown): Promise<AsyncGenerator<AuditEventDto>> {
  const { org } = await requireAdmin(actor, orgName);
  const where = await whereFor(org.id, parseInput(ZAuditFilter, filter));
  return (async function* () {
    if (!where) return;
    let cursor: string | undefined;
    do {
      const p = await page(where, cursor, MAX_PAGE);
      yield* p.events;
      cursor = p.next ?? undefined;
    } while (cursor);
  })();
}

const CSV_COLUMNS = ["at", "actor", "action", "target", "environment", "result", "address", "userAgent", "detail"] as const;

// A cell starting with = + - @ is a formula to a spreadsheet (CSV injection); quote it as text.
const csvCell = (v: unknown) => {
  let s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvHeader = () => CSV_COLUMNS.join(",") + "\r\n";
export const csvLine = (e: AuditEventDto) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(",") + "\r\n";
export const jsonLine = (e: AuditEventDto) => JSON.stringify(e) + "\n";
