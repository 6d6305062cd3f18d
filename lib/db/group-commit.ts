// Group commit: writes that arrive while a transaction of their kind is committing wait for it
// and then go together in the next one, so N concurrent writers cost one transaction, not N.
//
// Why: every open writes an audit event (a hash-chain append: lock the chain head, insert,
// update the head) and a session row. Profiling POST …/open under load (bench/api.ts) put half of
// the process's CPU in those per-request transactions, and on SQLite each one is also a turn of
// the database's single write lock (and an fsync). Batched, a burst costs one of each.
//
// Nothing is acknowledged early: each caller's promise settles only after the transaction holding
// its item committed (or failed), so a crash never loses a write a caller was told had happened.
//
// A batch starts on the event loop's next turn (setImmediate), not at once: SQLite's transactions
// run synchronously (lib/db/hot-writes.ts), so one started at once finished before the next
// request was even read and every batch held one item (measured under wrk -c50: ~600 commits/s for
// ~1,100 opens/s). Deferred, the requests read in the same turn share a commit (~30 commits/s for
// the same load). Idle, the wait is one turn of the loop, microseconds, with no timer involved.
import "server-only";
import { hotWrite, type HotTransaction } from "./hot-writes";

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * A function that commits `item` with whatever else is waiting: `write` gets every item of the
 * batch, in arrival order, and is run as one hot transaction (lib/db/hot-writes.ts). When a batch
 * fails, each of its items is retried in a transaction of its own, so one bad item fails only its
 * own caller.
 */
export function groupCommitter<T>(write: (items: T[]) => HotTransaction<void>, maxBatch = 256): (item: T) => Promise<void> {
  const run = (items: T[]) => hotWrite(() => write(items));
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
      if (draining) return;
      draining = true;
      setImmediate(drain);
    });
}
