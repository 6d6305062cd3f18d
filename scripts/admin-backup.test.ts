// `npm run admin -- backup|restore`, run as operators run them (a separate process each time)
// against a real SQLite data directory.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
let dir: string;
let dataDir: string;
let dbFile: string;

function admin(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/admin.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, FERRY_DATA_DIR: dataDir, DATABASE_URL: "", FERRY_MASTER_KEY: "" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const emails = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT email FROM "User" ORDER BY email`).pluck().all();
  } finally {
    db.close();
  }
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ferry-admin-backup-"));
  dataDir = path.join(dir, "data");
  dbFile = path.join(dataDir, "ferry.db");
  const boot = admin("bootstrap", "--email", "first@example.com", "--password", "a long enough password", "--org", "acme");
  expect(boot.code, boot.err).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// every step is a fresh process (tsx start-up included), several per test
describe("admin backup and restore (SQLite)", { timeout: 120_000 }, () => {
  let backup: string;

  it("backs up next to the database, owner-only, and names the master key to keep with it", () => {
    const r = admin("backup");
    expect(r.code, r.err).toBe(0);
    backup = /to (\S+ferry-backup-[^ ]+\.db)\./.exec(r.out)![1];
    expect(path.dirname(backup)).toBe(dataDir);
    expect(r.out).toContain("1 user(s), 1 organization(s), 0 environment(s)");
    expect(r.out).toContain(`Keep the master key with it (${path.join(dataDir, "master.key")})`);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(emails(backup)).toEqual(["first@example.com"]);
  });

  it("writes --out, and refuses to overwrite an existing file", () => {
    const out = path.join(dir, "copy.db");
    expect(admin("backup", "--out", out).code).toBe(0);
    expect(emails(out)).toEqual(["first@example.com"]);
    const again = admin("backup", "--out", out);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`${out} already exists; choose another file name.`);
  });

  it("refuses files that are not Ferry databases this version can run", () => {
    const text = path.join(dir, "notes.txt");
    writeFileSync(text, "hello, this is not a database at all".repeat(100));
    expect(admin("restore", text, "--yes").err).toContain(`${text} is not a SQLite database.`);
    const other = path.join(dir, "other.db");
    new Database(other).exec("CREATE TABLE t (x)");
    expect(admin("restore", other, "--yes").err).toContain(`${other} is a SQLite database, but not a Ferry database.`);
    const future = path.join(dir, "future.db");
    expect(admin("backup", "--out", future).code).toBe(0);
    const f = new Database(future);
    f.prepare(`INSERT INTO "_ferry_migrations" (name, checksum, appliedAt) VALUES ('9999_from_the_future', 'x', '2030-01-01')`).run();
    f.close();
    const r = admin("restore", future, "--yes");
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot be used by this version of Ferry: The database has migration "9999_from_the_future"');
    expect(admin("restore", path.join(dir, "missing.db")).err).toContain("does not exist");
    expect(emails(dbFile)).toEqual(["first@example.com"]);
  });

  it("refuses to replace the database without --yes, and while Ferry has it open", async () => {
    const live = new Database(dbFile);
    live.prepare(`INSERT INTO "User" (id, email, passwordHash, createdAt) VALUES ('later', 'later@example.com', 'h', '2024-01-01T00:00:00.000+00:00')`).run();
    live.close();
    const unconfirmed = admin("restore", backup);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain(`Restoring would replace ${dbFile} (2 user(s), 1 organization(s), 0 environment(s)`);
    expect(unconfirmed.err).toContain("run the command again with --yes");

    // a running Ferry: another process with the database open, idle
    const holder = spawn(process.execPath, ["-e", `const D=require("better-sqlite3");const d=new D(${JSON.stringify(dbFile)});d.prepare("select 1 from \\"User\\"").get();console.log("open");setInterval(()=>{},1000)`], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise((resolve) => holder.stdout!.once("data", resolve));
      const busy = admin("restore", backup, "--yes");
      expect(busy.code).toBe(2);
      expect(busy.err).toContain(`${dbFile} is in use. Stop Ferry`);
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once("exit", resolve));
    }
    expect(emails(dbFile)).toEqual(["first@example.com", "later@example.com"]);
  });

  it("restores with --yes, keeps the replaced database, and Ferry runs on the result", () => {
    const before = new Set(readdirSync(dataDir));
    const r = admin("restore", backup, "--yes");
    expect(r.code, r.err).toBe(0);
    expect(emails(dbFile)).toEqual(["first@example.com"]);
    expect(statSync(dbFile).mode & 0o777).toBe(0o600);
    const kept = /kept at (\S+)\./.exec(r.out)![1];
    expect(before.has(path.basename(kept))).toBe(false);
    expect(kept).toMatch(/ferry-backup-.*-before-restore\.db$/);
    expect(emails(kept)).toEqual(["first@example.com", "later@example.com"]);
    expect(readdirSync(dataDir).filter((f) => f.startsWith(".ferry-restore-"))).toEqual([]);
    // the restored database migrates, passes the master-key check and serves commands
    const token = admin("create-token", "--email", "first@example.com", "--name", "after-restore");
    expect(token.code, token.err).toBe(0);
    expect(token.out).toMatch(/fry_pat_/);
  });

  it("restores onto a new machine's empty data directory without asking", () => {
    const elsewhere = path.join(dir, "new-machine");
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/admin.ts"), "restore", backup], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, FERRY_DATA_DIR: elsewhere, DATABASE_URL: "" },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("kept at");
    expect(emails(path.join(elsewhere, "ferry.db"))).toEqual(["first@example.com"]);
    expect(statSync(path.join(elsewhere, "ferry.db")).mode & 0o777).toBe(0o600);
  });

  it("sends PostgreSQL deployments to pg_dump and pg_restore", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/admin.ts"), "backup"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, FERRY_DATA_DIR: dataDir, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("back up with pg_dump");
    expect(existsSync(path.join(dataDir, "ferry.db"))).toBe(true);
  });
});
