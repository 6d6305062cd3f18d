// An environment's opened values, sealed once per kept evaluation and shared by the open
// sessions made from it (the OpenResult table).
//
// Why: every open of the bench's 50-value environment sealed and stored its ~12 KB of values in
// a session row of its own: under wrk -c50 (bench/api.ts) about 18 MB/s of database writes, each
// batch's commit an fsync of megabytes, plus a JSON serialization and an AES-GCM pass over the
// same values for every request. With the values made empty as an experiment, opens went from
// ~1,450 to 2,100-2,660 req/s on the same machine.
//
// When values are shared: the evaluation cache (evaluation-cache.ts) hands every open it serves
// from one kept evaluation the same frozen `properties` object, and only after checking that the
// evaluation still holds (the imports unchanged). Sharing is keyed by that object, so it follows
// the cache's own reuse rule exactly; a fresh evaluation is a new object and gets a new result.
// The key is weak: an evaluation the cache let go of lets go of its result here too. A result is
// also only shared by the same environment and user (the cache's key already implies both).
//
// Lifetimes: a result expires RESULT_SLACK_MS after the session that made it, and a later session
// shares it only if it expires no later; otherwise it gets a result of its own. So no live session
// points at an expired result, and the sweep (open-sessions.ts) deletes expired results with their
// sessions (expired too), on any instance: safe while instances' clocks agree within a session's
// shortest life (60 s), which is the margin between a live session's result and the sweep. Every session's transaction inserts its result if it is
// missing (ON CONFLICT DO NOTHING, a no-op after the first), so a session never points at a row
// that a failed batch did not write; once one has committed, the others skip the insert.
import "server-only";
import { at, type RowInsert } from "../db/hot-writes";
import { newRowId } from "../db/ids";
import { sealServerData, sealedLabels } from "../crypto/server-data";

/** How long a result outlives the session that made it: the window in which later opens share it. */
export const RESULT_SLACK_MS = 10 * 60 * 1000;

export interface OpenResult {
  id: string;
  environmentId: string;
  userId: string;
  sealed: string;
  expiresAt: Date;
  /**
   * Its row committed (set by markStored): later sessions only point at it. Until its expiry no
   * sweep deletes it, so it stays there for every session that may share it.
   */
  stored?: boolean;
}

// The promise is kept, not the result: the opens that arrive while the first one seals wait for
// its result instead of each sealing one of their own.
const shared = new WeakMap<object, { environmentId: string; userId: string; expiresAt: Date; result: Promise<OpenResult> }>();

/** The result a session expiring at `expiresAt` stores its values in: a shared one, or a new one. */
export function resultFor(properties: object, owner: { organizationId: string; environmentId: string; userId: string }, expiresAt: Date): Promise<OpenResult> {
  const known = shared.get(properties);
  if (known && known.environmentId === owner.environmentId && known.userId === owner.userId && known.expiresAt >= expiresAt) return known.result;
  const id = newRowId();
  const resultExpiresAt = new Date(expiresAt.getTime() + RESULT_SLACK_MS);
  const result = sealServerData(JSON.stringify({ properties }), { organizationId: owner.organizationId }, sealedLabels.openResult(owner.environmentId, id)).then(
    (sealed) => ({ id, environmentId: owner.environmentId, userId: owner.userId, sealed, expiresAt: resultExpiresAt }),
  );
  const entry = { environmentId: owner.environmentId, userId: owner.userId, expiresAt: resultExpiresAt, result };
  shared.set(properties, entry);
  // a failed seal is not shared: the next open tries again
  result.catch(() => shared.get(properties) === entry && shared.delete(properties));
  return result;
}

/** The session pointing at `r` committed, so `r`'s row did too. */
export function markStored(r: OpenResult): void {
  r.stored = true;
}

/**
 * The result's row, unless it has committed already: inserted by the transaction of the session
 * pointing at it, before the sessions (order 0), and a no-op if an earlier one inserted it.
 */
export function resultInsert(r: OpenResult): RowInsert[] {
  if (r.stored) return [];
  return [{ into: RESULT_INSERT, tail: ` ON CONFLICT ("id") DO NOTHING`, order: 0, row: [r.id, r.environmentId, r.sealed, at(new Date()), at(r.expiresAt)] }];
}

const RESULT_INSERT = `INSERT INTO "OpenResult" ("id", "environmentId", "valuesEncrypted", "createdAt", "expiresAt") VALUES`;
