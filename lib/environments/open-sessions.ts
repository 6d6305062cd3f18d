// The ESC API's "open": evaluate once, keep the result for a while under an id, read it (or one
// property of it) later. Results hold secrets, so they are sealed under the organization's data
// key, bound to the environment and session, and they are tied to the user who opened them.
import "server-only";
import { db } from "../db/client";
import { groupCommitter } from "../db/group-commit";
import { at, insertAll, type RowInsert } from "../db/hot-writes";
import { AppError, notFound } from "../errors";
import type { Actor, Caller } from "../auth/actor";
import { SealedDataError, openServerData, sealServerData, sealedLabels } from "../crypto/server-data";
import { newRowId } from "../db/ids";
import type { Diagnostic, EscValue } from "../esc";
import { parsePropertyPath } from "../esc/edit";
import { valueAtPath } from "../esc/value-path";
import { requireEnvironment } from "./access";
import { markStored, resultFor, resultInsert, type OpenResult } from "./open-results";
import { openAnonymousAs, openAuthorized, type OpenAuditInfo } from "./evaluate";
import { requireMembership } from "../orgs/access";
import type { EnvironmentRef } from "./schema";

export const DEFAULT_OPEN_SECONDS = 2 * 60 * 60;
export const MAX_OPEN_SECONDS = 24 * 60 * 60;

export type OpenedSession = { id: string; diagnostics: Diagnostic[] } | { errors: Diagnostic[] };

/** Opens (authorized and audited once, by the open itself) and keeps the result for `seconds`. */
export async function createOpenSession(caller: Caller, ref: EnvironmentRef, version: string | undefined, seconds: number, audit: OpenAuditInfo): Promise<OpenedSession> {
  const ttl = Math.min(Math.max(60, Math.round(seconds)), MAX_OPEN_SECONDS);
  const id = newRowId();
  // As ESC does: an environment with errors does not open, so nothing half-resolved is kept or
  // handed to a script ("[unknown]" in place of a credential).
  const failed = (r: { diagnostics: Diagnostic[] }) => r.diagnostics.some((d) => d.severity === "error");
  let values: OpenResult | undefined;
  // the session row commits with the open's audit event: one transaction, never one without the other
  const { result: opened } = await openAuthorized(caller, ref, { version }, audit, async (result, { org, env, actor }) => {
    if (failed(result)) return undefined;
    const expiresAt = new Date(Date.now() + ttl * 1000);
    // the values go in a result that later opens of the same kept evaluation share (open-results.ts)
    values = await resultFor(result.properties, { organizationId: org.id, environmentId: env.id, userId: actor.userId }, expiresAt);
    // rows the open's batch inserts with every other open's: the result first, which the session references
    return [...resultInsert(values), sessionInsert({ id, environmentId: env.id, revision: result.revision, userId: actor.userId, resultId: values.id, expiresAt })];
  });
  if (failed(opened)) return { errors: opened.diagnostics };
  if (values) markStored(values);
  await sweepExpired();
  return { id, diagnostics: opened.diagnostics };
}

interface SessionRow {
  id: string;
  environmentId?: string;
  organizationId?: string;
  revision: number;
  userId: string;
  /** its values: sealed in the row, or in the OpenResult it points at */
  valuesEncrypted?: string;
  resultId?: string;
  expiresAt: Date;
}

/** Session rows of concurrent anonymous opens go in one transaction, committed before their opens answer. */
const storeSession = groupCommitter<SessionRow>((rows) => insertSessions(rows));

const SESSION_INSERT = `INSERT INTO "OpenSession" ("id", "environmentId", "organizationId", "revision", "userId", "valuesEncrypted", "resultId", "createdAt", "expiresAt") VALUES`;

function sessionInsert(r: SessionRow): RowInsert {
  return { into: SESSION_INSERT, order: 1, row: [r.id, r.environmentId ?? null, r.organizationId ?? null, r.revision, r.userId, r.valuesEncrypted ?? null, r.resultId ?? null, at(new Date()), at(r.expiresAt)] };
}

function* insertSessions(rows: SessionRow[]) {
  yield* insertAll(rows.map(sessionInsert));
}

/**
 * Expired sessions are useless; opens sweep them instead of a scheduler, but at most once per
 * SWEEP_INTERVAL_MS per process: a delete on every open would be a second write on the hot path
 * (and, on SQLite, one more turn of the database's write lock). Reads check expiry themselves.
 */
const SWEEP_INTERVAL_MS = 60_000;
let lastSweep = 0;
async function sweepExpired(): Promise<void> {
  const now = Date.now();
  if (now - lastSweep < SWEEP_INTERVAL_MS) return;
  lastSweep = now;
  await db().openSession.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  // no live session points at an expired result (open-results.ts); its expired ones go with it
  await db().openResult.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
}

/**
 * `POST /{org}/yaml/open`: opens a definition that belongs to no environment and keeps the
 * result like an environment's open, bound to the organization and the user who opened it.
 */
export async function createAnonymousOpenSession(actor: Actor, orgName: string, yaml: string, seconds: number, audit: OpenAuditInfo): Promise<OpenedSession> {
  const ttl = Math.min(Math.max(60, Math.round(seconds)), MAX_OPEN_SECONDS);
  const opened = await openAnonymousAs(actor, orgName, yaml, audit);
  const diagnostics = opened.diagnostics;
  if (diagnostics.some((d) => d.severity === "error")) return { errors: diagnostics };
  const id = newRowId();
  const values = JSON.stringify({ properties: opened.properties });
  await storeSession({
    id,
    organizationId: opened.organizationId,
    revision: 0,
    userId: actor.userId,
    valuesEncrypted: await sealServerData(values, { organizationId: opened.organizationId }, sealedLabels.anonymousOpenSession(opened.organizationId, id)),
    expiresAt: new Date(Date.now() + ttl * 1000),
  });
  await sweepExpired();
  return { id, diagnostics };
}

/** `GET /{org}/yaml/open/{id}`: only its opener, still a member of the organization, reads it. */
export async function readAnonymousOpenSession(actor: Actor, orgName: string, id: string, property?: string): Promise<{ properties: Record<string, EscValue> } | EscValue> {
  const { org } = await requireMembership(actor, orgName);
  const row = typeof id === "string" ? await db().openSession.findFirst({ where: { id, organizationId: org.id, environmentId: null, userId: actor.userId } }) : null;
  if (!row) throw notFound("Open session");
  return readSealedSession({ expiresAt: row.expiresAt, value: row.valuesEncrypted, label: sealedLabels.anonymousOpenSession(org.id, row.id) }, org.id, property);
}

/** The opened environment (`{ properties }`), or the value at `property`. */
export async function readOpenSession(caller: Caller, ref: EnvironmentRef, id: string, property?: string): Promise<{ properties: Record<string, EscValue> } | EscValue> {
  const { org, env, actor } = await requireEnvironment(caller, ref, "opener");
  const row =
    typeof id === "string"
      ? await db().openSession.findFirst({ where: { id, environmentId: env.id, userId: actor.userId }, include: { result: { select: { id: true, valuesEncrypted: true } } } })
      : null;
  if (!row) throw notFound("Open session");
  // The label binds the values to their row and environment: a session pointed at another
  // environment's result does not open it.
  const sealed = row.result ? { value: row.result.valuesEncrypted, label: sealedLabels.openResult(env.id, row.result.id) } : { value: row.valuesEncrypted, label: sealedLabels.openSession(env.id, row.id) };
  return readSealedSession({ expiresAt: row.expiresAt, ...sealed }, org.id, property);
}

async function readSealedSession(row: { expiresAt: Date; value: string | null; label: string }, organizationId: string, property?: string) {
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("not_found", "The open session has expired. Open the environment again.");
  let values: string;
  try {
    if (row.value === null) throw new SealedDataError("no values");
    values = await openServerData(row.value, { organizationId }, row.label, "open-session");
  } catch (e) {
    if (!(e instanceof SealedDataError)) throw e;
    throw new AppError("not_found", "The open session can no longer be read. Open the environment again.");
  }
  const { properties } = JSON.parse(values) as { properties: Record<string, EscValue> };
  if (property === undefined || property === "") return { properties };
  let path;
  try {
    path = parsePropertyPath(property);
  } catch (e) {
    throw new AppError("invalid_input", `"${property.slice(0, 100)}" is not a property path: ${(e as Error).message}.`);
  }
  const v = valueAtPath(properties, path);
  if (!v) throw new AppError("not_found", `The environment has no property ${property.slice(0, 100)}.`);
  return v;
}
