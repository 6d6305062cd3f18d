// SQLite's write-ahead log is copied back into the database file ("checkpointed") by a thread of
// its own, not by the hot writer's commits on the event loop.
//
// Why: by default the connection whose commit takes the log past 1,000 pages checkpoints it
// there and then, inside COMMIT: it copies ~4 MB into the database file and syncs it. Under the
// open benchmark (bench/api.ts) the log grows ~28 MB/s, so that is ~7 checkpoints a second, each
// stalling the event loop — and every request in flight — for 10–20 ms. Measured on this machine
// with batches of 45 rows as an open's group commit writes them: commit p99 11–12 ms and max
// 21–23 ms with the automatic checkpoint, 0.7–0.9 ms and 4–8 ms without it; at saturation half
// of the writer's time went to checkpoints.
//
// So the hot writer's connection turns the automatic checkpoint off, and a worker thread with its
// own connection runs a PASSIVE checkpoint every 100 ms: it never takes the write lock and never
// waits, so neither the writer nor any reader is held up. The next write rewinds the log when it
// finds it fully copied; under steady load that rarely happens (a commit lands in between, a
// reader is in the log), so once the log passes 4,000 pages and a checkpoint has copied all of
// it, a RESTART rewinds it: with nothing left to copy it holds new writers off only while it
// waits for readers, at most 10 ms, and the hot writer retries its BEGIN asynchronously
// meanwhile, without blocking the event loop. (Asking for a checkpoint after every commit, to
// rewind the log sooner, was tried: under the open bench the log still reached the 4,000 pages
// and throughput did not change.)
//
// What happens when the worker is gone (crashed, or could not start): the writer's connection
// turns the automatic checkpoint back on, so the log never grows without bound. Durability is
// unchanged: a checkpoint only copies what is already committed in the log.
import { Worker } from "node:worker_threads";
import path from "node:path";
import type Database from "better-sqlite3";

/** Pages in the log before SQLite's own automatic checkpoint (its default), restored on failure. */
export const AUTOCHECKPOINT_PAGES = 1000;

export interface CheckpointerOptions {
  /** how often the worker checkpoints */
  intervalMs?: number;
  /** log frames past which a passive checkpoint that could not rewind the log escalates to RESTART */
  restartFrames?: number;
  /** called once if the worker stops on its own (after the automatic checkpoint is back on) */
  onLost?: (reason: unknown) => void;
}

export interface Checkpointer {
  /** the worker, for tests that kill it */
  readonly worker: Worker;
  stop(): Promise<void>;
}

// Plain CommonJS evaluated in the worker: no TypeScript loader, no bundle to build. better-sqlite3
// is resolved from the project's root (the console runs there, as the evaluation pool assumes).
const WORKER_CODE = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require("node:module").createRequire(workerData.resolveFrom)("better-sqlite3");
const conn = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
conn.pragma("wal_autocheckpoint = 0");
const passive = conn.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const restart = conn.prepare("PRAGMA wal_checkpoint(RESTART)");
let timer;
function tick() {
  try {
    const r = passive.get();
    // all copied and still long: rewind it (RESTART has nothing left to copy, so it holds writers
    // off only while it waits for readers, at most 10 ms)
    if (r.busy === 0 && r.checkpointed === r.log && r.log > workerData.restartFrames) {
      conn.pragma("busy_timeout = 10");
      try { restart.get(); } catch (e) { if (e.code !== "SQLITE_BUSY") throw e; } finally { conn.pragma("busy_timeout = 0"); }
    }
  } catch (e) {
    if (e.code !== "SQLITE_BUSY" && e.code !== "SQLITE_LOCKED") throw e;
  }
  timer = setTimeout(tick, workerData.intervalMs);
}
parentPort.on("message", (m) => {
  if (m === "stop") { clearTimeout(timer); try { passive.get(); } catch {} conn.close(); process.exit(0); }
});
parentPort.postMessage({ t: "ready" });
tick();
`;

/**
 * Starts checkpointing `file` off the event loop and turns `writer`'s automatic checkpoint off
 * once the worker has opened the database; turns it back on if the worker stops on its own.
 */
export function startWalCheckpointer(file: string, writer: Database.Database, opts: CheckpointerOptions = {}): Checkpointer {
  const resolveFrom = path.join(/*turbopackIgnore: true*/ process.cwd(), "package.json");
  const worker = new Worker(WORKER_CODE, {
    eval: true,
    execArgv: [],
    workerData: { file, resolveFrom, intervalMs: opts.intervalMs ?? 100, restartFrames: opts.restartFrames ?? 4 * AUTOCHECKPOINT_PAGES },
  });
  let stopping = false;
  let lost = false;
  const restoreAutocheckpoint = (reason: unknown) => {
    if (lost || stopping) return;
    lost = true;
    try {
      if (writer.open) writer.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    } finally {
      opts.onLost?.(reason);
    }
  };
  worker.on("message", (m: { t: string }) => {
    if (m.t === "ready" && !lost && !stopping && writer.open) writer.pragma("wal_autocheckpoint = 0");
  });
  worker.on("error", restoreAutocheckpoint);
  worker.on("exit", (code) => restoreAutocheckpoint(new Error(`the checkpoint worker exited with code ${code}`)));
  // Never what keeps the process alive (a process that ends without closing its database must
  // still end; a checkpoint cut short is safe, SQLite recovers the log). After the listeners:
  // adding a message listener refs the worker's port again.
  worker.unref();
  return {
    worker,
    async stop() {
      if (stopping || lost) return;
      stopping = true;
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage("stop");
      // a worker stuck in a system call still goes: terminate after a grace period
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
      if (writer.open) writer.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    },
  };
}
