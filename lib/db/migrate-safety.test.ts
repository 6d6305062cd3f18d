// A migration that would break data is refused and rolled back whole; an existing SQLite
// database is backed up before it is migrated.
import { existsSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate, MigrationError, readMigrations, type Migration } from "./migrate";
import { migrateSqlite } from "./migrate-sqlite";
import { migratePostgres } from "./migrate-postgres";
import { freshDatabase } from "../../testing/fresh-database";

const provider = process.env.FERRY_TEST_DB === "postgres" ? "postgresql" : "sqlite";
const extra = (name: string, sql: string): Migration => ({ name, sql, checksum: name });

describe.runIf(provider === "sqlite")("the SQLite migration runner", () => {
  async function populated() {
    const fresh = await freshDatabase("safety");
    await migrate(fresh.target);
    const sqlite = new Database(fresh.target.sqlitePath);
    sqlite.exec(`INSERT INTO "User" (id, email, passwordHash, createdAt) VALUES ('u1', 'a@example.com', 'h', '2024-01-01T00:00:00.000+00:00');
      INSERT INTO "Organization" (id, name, createdAt) VALUES ('o1', 'acme', '2024-01-01T00:00:00.000+00:00');
      INSERT INTO "Membership" (id, organizationId, userId, role, createdAt) VALUES ('m1', 'o1', 'u1', 'admin', '2024-01-01T00:00:00.000+00:00');`);
    sqlite.close();
    const count = (sql: string) => {
      const db = new Database(fresh.target.sqlitePath, { readonly: true });
      try {
        return db.prepare(sql).pluck().get();
      } finally {
        db.close();
      }
    };
    return { fresh, count };
  }

  it("refuses a migration that leaves rows referring to deleted rows, and changes nothing", async () => {
    const { fresh, count } = await populated();
    try {
      const orphaning = [...readMigrations("sqlite"), extra("9001_add_table", `CREATE TABLE "Scratch" ("id" TEXT PRIMARY KEY)`), extra("9002_orphans", `DELETE FROM "Organization"`)];
      const attempt = () => migrateSqlite(fresh.target.sqlitePath, orphaning);
      expect(attempt).toThrow(MigrationError);
      expect(attempt).toThrow(/Migration "9002_orphans" would leave 1 row\(s\) referring to rows that do not exist \(Membership row \d+ → missing Organization\)/);
      expect(count(`SELECT count(*) FROM "Organization"`)).toBe(1);
      expect(count(`SELECT count(*) FROM "Membership"`)).toBe(1);
      // the earlier pending migration of the same run was rolled back too
      expect(count(`SELECT count(*) FROM sqlite_master WHERE name = 'Scratch'`)).toBe(0);
      expect(count(`SELECT count(*) FROM "_ferry_migrations" WHERE name LIKE '900%'`)).toBe(0);
    } finally {
      await fresh.drop();
    }
  });

  it("rolls back a migration that fails halfway (nothing of it stays)", async () => {
    const { fresh, count } = await populated();
    try {
      const broken = [...readMigrations("sqlite"), extra("9001_half", `UPDATE "User" SET email = 'changed@example.com'; SELECT no_such_function();`)];
      expect(() => migrateSqlite(fresh.target.sqlitePath, broken)).toThrow(/Migration "9001_half" failed \(.*no such function.*\)\. It was rolled back/);
      expect(count(`SELECT email FROM "User"`)).toBe("a@example.com");
    } finally {
      await fresh.drop();
    }
  });

  it("backs up an existing database before migrating it, owner-only, and only then", async () => {
    const fresh = await freshDatabase("backup");
    try {
      const all = readMigrations("sqlite");
      const seen: string[] = [];
      // a brand-new database has nothing to keep
      migrateSqlite(fresh.target.sqlitePath, all.slice(0, 1), (f) => seen.push(f));
      expect(seen).toEqual([]);
      const db = new Database(fresh.target.sqlitePath);
      db.exec(`INSERT INTO "User" (id, email, passwordHash, createdAt) VALUES ('u1', 'a@example.com', 'h', '2024-01-01T00:00:00.000+00:00')`);
      db.close();
      migrateSqlite(fresh.target.sqlitePath, all, (f) => seen.push(f));
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(new RegExp(`/ferry-backup-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ-before-${all[1].name}\\.db$`));
      expect(statSync(seen[0]).mode & 0o777).toBe(0o600);
      const copy = new Database(seen[0], { readonly: true });
      expect(copy.prepare(`SELECT name FROM "_ferry_migrations"`).pluck().all()).toEqual([all[0].name]);
      expect(copy.prepare(`SELECT email FROM "User"`).pluck().all()).toEqual(["a@example.com"]);
      copy.close();
      // up to date: no migration, no backup
      migrateSqlite(fresh.target.sqlitePath, all, (f) => seen.push(f));
      expect(seen).toHaveLength(1);
    } finally {
      await fresh.drop();
    }
  });

  it("survives being killed in the middle of a migration: nothing of it stays, and the next start migrates", async () => {
    const { spawn } = await import("node:child_process");
    const path = await import("node:path");
    const fresh = await freshDatabase("crash");
    try {
      const all = readMigrations("sqlite");
      migrateSqlite(fresh.target.sqlitePath, all.slice(0, 1));
      const seed = new Database(fresh.target.sqlitePath);
      seed.exec(`INSERT INTO "User" (id, email, passwordHash, createdAt) VALUES ('u1', 'a@example.com', 'h', '2024-01-01T00:00:00.000+00:00');
        INSERT INTO "Organization" (id, name, createdAt) VALUES ('o1', 'acme', '2024-01-01T00:00:00.000+00:00');
        INSERT INTO "Membership" (id, organizationId, userId, role, createdAt) VALUES ('m1', 'o1', 'u1', 'admin', '2024-01-01T00:00:00.000+00:00');`);
      seed.close();
      const worker = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../../testing/migrate-worker.ts"), fresh.target.sqlitePath], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      worker.stdout!.on("data", (c) => (out += c));
      const exited = new Promise((resolve) => worker.on("exit", resolve));
      await expect.poll(() => out, { timeout: 20_000 }).toMatch(/^backup /);
      // let it get well into the slow migration, then pull the plug
      await new Promise((resolve) => setTimeout(resolve, 1500));
      worker.kill("SIGKILL");
      await exited;
      expect(out).not.toContain("done");

      const after = new Database(fresh.target.sqlitePath);
      expect(after.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
      expect(after.prepare(`SELECT name FROM "_ferry_migrations"`).pluck().all()).toEqual([all[0].name]);
      expect(after.prepare(`SELECT count(*) FROM sqlite_master WHERE name IN ('Big', 'RevisionTag')`).pluck().get()).toBe(0);
      after.close();
      // the next start applies the real migrations and keeps every row
      expect(migrateSqlite(fresh.target.sqlitePath, all)).toEqual(all.slice(1).map((m) => m.name));
      const done = new Database(fresh.target.sqlitePath, { readonly: true });
      expect(done.prepare(`SELECT count(*) FROM "Membership"`).pluck().get()).toBe(1);
      done.close();
    } finally {
      await fresh.drop();
    }
  });

  it("does not migrate when the backup cannot be written", async () => {
    const fresh = await freshDatabase("nobackup");
    try {
      const all = readMigrations("sqlite");
      migrateSqlite(fresh.target.sqlitePath, all.slice(0, 1));
      // The backup is named after the migration; a name longer than a file name may be makes
      // creating it fail (ENAMETOOLONG), as a full disk or a read-only directory would.
      const unbackupable = [all[0], extra(`9001_${"x".repeat(250)}`, `CREATE TABLE "Scratch" ("id" TEXT PRIMARY KEY)`)];
      expect(() => migrateSqlite(fresh.target.sqlitePath, unbackupable)).toThrow(/Could not write a backup of .*ferry\.db before migrating it \(.*\); nothing was changed/);
      const db = new Database(fresh.target.sqlitePath, { readonly: true });
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'Scratch'`).pluck().get()).toBe(0);
      db.close();
    } finally {
      await fresh.drop();
    }
  });
});

describe.runIf(provider === "postgresql")("the PostgreSQL migration runner", () => {
  it("refuses a migration that breaks a foreign key, keeps the earlier ones and changes nothing", async () => {
    const fresh = await freshDatabase("safety");
    const url = fresh.target.databaseUrl!;
    const client = new pg.Client({ connectionString: url });
    try {
      await migrate(fresh.target);
      await client.connect();
      const orphan = [...readMigrations("postgresql"), extra("9001_ok", `CREATE TABLE "Scratch" ("id" TEXT PRIMARY KEY)`),
        extra("9002_orphan", `CREATE TABLE "Half" ("id" TEXT); INSERT INTO "Membership" (id, "organizationId", "userId", role) VALUES ('m', 'nowhere', 'nobody', 'admin')`)];
      await expect(migratePostgres(url, orphan)).rejects.toThrow(/Migration "9002_orphan" failed \(.*foreign key constraint.*\)\. It was rolled back/);
      const names = (await client.query(`SELECT name FROM "_ferry_migrations" ORDER BY name`)).rows.map((r) => r.name);
      expect(names.slice(-1)).toEqual(["9001_ok"]);
      expect((await client.query(`SELECT to_regclass('"Half"') AS t`)).rows[0].t).toBeNull();
      expect((await client.query(`SELECT count(*)::int AS n FROM "Membership"`)).rows[0].n).toBe(0);
    } finally {
      await client.end().catch(() => {});
      await fresh.drop();
    }
  });

  it("writes no file backups (pg_dump is the operator's tool)", async () => {
    const fresh = await freshDatabase("nobackup");
    try {
      const seen: string[] = [];
      await migrate(fresh.target, { upTo: readMigrations("postgresql")[0].name });
      await migrate(fresh.target, { onBackup: (f) => seen.push(f) });
      expect(seen).toEqual([]);
      expect(existsSync(fresh.target.sqlitePath)).toBe(false);
    } finally {
      await fresh.drop();
    }
  });
});
