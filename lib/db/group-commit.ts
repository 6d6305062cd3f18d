// Group commit: writes that arrive while a transaction of their kind is committing wait for it
// and then go together in the next one, so N concurrent writers cost one transaction, not N.
//
// Why: every open writes an audit event (a hash-chain append: lock the chain head, insert,
// update the head) and a session row. Profiling POST …/open under load (bench/api.ts) put half of
// the process's CPU in those per-request transactions, and on SQLite each one is also a turn of
// the database's single write lock. Batched, the same rows cost a few statements per batch.
//
// Nothing is acknowledged early: each caller's promise settles only after the transaction holding
// its item committed (or failed), so a crash never loses a write a caller was told had happened.
// Idle, a write starts its transaction at once (a batch of one): no added latency.
import "server-only";
import { db, type Db } from "./client";
import { hotWrite, type HotTransaction } from "./hot-writes";

export type TxClient = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitOptions {
  /** the most items one transaction takes; the rest wait for the next */
  maxBatch?: number;
  /** Prisma's wait for a connection and the transaction's own limit, in ms */
  timeoutMs?: number;
}

/**
 * A function that commits `item` with whatever else is waiting: `write` gets the transaction and
 * every item of the batch, in arrival order. When a batch fails, each of its items is retried in
 * a transaction of its own, so one bad item fails only its own caller.
 */
export function groupCommitter<T>(write: (tx: TxClient, items: T[]) => Promise<void>, options: GroupCommitOptions = {}): (item: T) => Promise<void> {
  const timeout = options.timeoutMs ?? 20_000;
  return batchedCommitter((items: T[]) => db().$transaction((tx) => write(tx, items), { maxWait: timeout, timeout }), options.maxBatch);
}

/** As groupCommitter, for batches written as a hot transaction (lib/db/hot-writes.ts). */
export function hotGroupCommitter<T>(write: (items: T[]) => HotTransaction<void>, maxBatch?: number): (item: T) => Promise<void> {
  return batchedCommitter((items: T[]) => hotWrite(() => write(items)), maxBatch);
}

function batchedCommitter<T>(run: (items: T[]) => Promise<unknown>, maxBatch = 256): (item: T) => Promise<void> {
  let queue: Pending<T>[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length) {
        const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
        queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
        try {
          await run(batch.map((p) => p.item));
          for (const p of batch) p.resolve();
        } catch (e) {
          if (batch.length === 1) {
            batch[0].reject(e);
            continue;
          }
          for (const p of batch) await run([p.item]).then(p.resolve, p.reject);
        }
      }
    } finally {
      draining = false;
    }
  }

  return (item: T) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!draining) void drain();
    });
}
