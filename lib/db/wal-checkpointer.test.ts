// The checkpoint thread, on a real SQLite file in WAL mode: the writer's commits stop
// checkpointing, the thread copies the log into the database file and the log rewinds, and if the
// thread dies the writer checkpoints again.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { AUTOCHECKPOINT_PAGES, startWalCheckpointer, type Checkpointer } from "./wal-checkpointer";

const dirs: string[] = [];
const running: Checkpointer[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function walDatabase(): { file: string; writer: Database.Database } {
  const dir = mkdtempSync(path.join(tmpdir(), "ferry-wal-"));
  dirs.push(dir);
  const file = path.join(dir, "t.db");
  const writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  return { file, writer };
}

const autocheckpoint = (db: Database.Database) => db.pragma("wal_autocheckpoint", { simple: true }) as number;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Commits `pages` worth of rows in transactions of ~45 rows, as the hot writer's batches are. */
function write(db: Database.Database, pages: number): void {
  const insert = db.prepare("INSERT INTO t (body) VALUES (?)");
  const body = "x".repeat(1500);
  for (let n = 0; n < pages * 2; n += 45) db.transaction(() => { for (let i = 0; i < 45; i++) insert.run(body); })();
}

describe("the WAL checkpoint thread", () => {
  it("takes checkpoints off the writer: its commits leave the log alone, the thread copies it into the database", async () => {
    const { file, writer } = walDatabase();
    const checkpointer = startWalCheckpointer(file, writer, { intervalMs: 20 });
    running.push(checkpointer);
    await until("the writer's automatic checkpoint to be off", () => autocheckpoint(writer) === 0);

    // write well past the automatic threshold: the writer's connection, the only other one, no
    // longer checkpoints, so only the thread can move the rows into the database file
    const before = statSync(file).size;
    write(writer, 3 * AUTOCHECKPOINT_PAGES);
    // the thread copies the rows into the database file: it grows by at least their size
    await until("the database file to hold the rows", () => statSync(file).size > before + 3 * AUTOCHECKPOINT_PAGES * 4096 * 0.5);
    // and the log, fully copied, rewinds at the next write instead of growing on
    const walAfterFirst = statSync(`${file}-wal`).size;
    for (let round = 0; round < 3; round++) {
      write(writer, AUTOCHECKPOINT_PAGES);
      await sleep(100);
    }
    expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(walAfterFirst + AUTOCHECKPOINT_PAGES * 4096 * 2);
    expect(writer.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: expect.any(Number) });
  });

  it("runs beside another instance's thread on the same file: both writers' rows land, nothing fails", async () => {
    const { file, writer } = walDatabase();
    const other = new Database(file, { timeout: 5000 });
    const lost: unknown[] = [];
    for (const w of [writer, other]) running.push(startWalCheckpointer(file, w, { intervalMs: 5, onLost: (r) => lost.push(r) }));
    await until("both writers' automatic checkpoints to be off", () => autocheckpoint(writer) === 0 && autocheckpoint(other) === 0);
    const before = statSync(file).size;
    for (let round = 0; round < 10; round++) {
      write(writer, 200);
      write(other, 200);
      await sleep(10);
    }
    await until("the database file to hold both writers' rows", () => statSync(file).size > before + 4000 * 4096 * 0.5);
    expect(lost).toEqual([]);
    expect((writer.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBeGreaterThan(7000);
  });

  it("turns the writer's automatic checkpoint back on when the thread dies, and leaves it on when stopped", async () => {
    const { file, writer } = walDatabase();
    const lost: unknown[] = [];
    const checkpointer = startWalCheckpointer(file, writer, { intervalMs: 20, onLost: (r) => lost.push(r) });
    await until("the writer's automatic checkpoint to be off", () => autocheckpoint(writer) === 0);
    await checkpointer.worker.terminate();
    await until("the automatic checkpoint to be back", () => autocheckpoint(writer) === AUTOCHECKPOINT_PAGES);
    expect(lost).toHaveLength(1);
    // with the thread gone the writer's own commits checkpoint: the log stays near the threshold
    write(writer, 6 * AUTOCHECKPOINT_PAGES);
    const wal = writer.pragma("wal_checkpoint(PASSIVE)", { simple: false }) as { log: number }[];
    expect(wal[0].log).toBeLessThan(2 * AUTOCHECKPOINT_PAGES);

    const { file: file2, writer: writer2 } = walDatabase();
    const second = startWalCheckpointer(file2, writer2, { intervalMs: 20, onLost: (r) => lost.push(r) });
    await until("the second writer's automatic checkpoint to be off", () => autocheckpoint(writer2) === 0);
    await second.stop();
    expect(autocheckpoint(writer2)).toBe(AUTOCHECKPOINT_PAGES);
    expect(lost).toHaveLength(1);
  });

  it("fails safe when the worker cannot open the database: the writer keeps its automatic checkpoint", async () => {
    const { writer } = walDatabase();
    const lost: unknown[] = [];
    startWalCheckpointer(path.join(tmpdir(), "no-such-dir-ferry", "x.db"), writer, { onLost: (r) => lost.push(r) });
    await until("the failure to be reported", () => lost.length === 1);
    expect(autocheckpoint(writer)).toBe(AUTOCHECKPOINT_PAGES);
  });
});

describe("a process with a checkpoint thread", () => {
  it("still ends on its own when it never closes its database", async () => {
    const { file, writer } = walDatabase();
    writer.close();
    const { spawn } = await import("node:child_process");
    const script = `
      const Database = require("better-sqlite3");
      import(${JSON.stringify(path.resolve(import.meta.dirname, "wal-checkpointer.ts"))}).then(({ startWalCheckpointer }) => {
        const writer = new Database(${JSON.stringify(file)});
        startWalCheckpointer(${JSON.stringify(file)}, writer, { intervalMs: 20 });
        writer.exec("INSERT INTO t (body) VALUES ('x')");
        setTimeout(() => console.log("done"), 200);
      });`;
    const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { cwd: path.resolve(import.meta.dirname, "../.."), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.on("exit", (c) => (clearTimeout(kill), resolve(c)));
    });
    expect({ code, out: out.trim(), err }).toEqual({ code: 0, out: "done", err: "" });
  });
});
