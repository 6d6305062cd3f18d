// Applies prisma/migrations/<provider>/*/migration.sql in name order, each once, recorded in
// _ferry_migrations with a checksum. Runs at every start; instances starting together serialize
// on a database lock (PostgreSQL advisory lock, SQLite's write lock), so none races another.
// Prisma's own `migrate deploy` is not used: its WebAssembly engine cannot introspect
// PostgreSQL, and one runner for both databases keeps the behaviour identical.
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { SQLITE_BUSY_TIMEOUT_MS } from "./client";

export interface MigrationTarget {
  databaseUrl?: string;
  sqlitePath: string;
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

// Arbitrary but fixed: every Ferry instance must take the same advisory lock.
const PG_LOCK_KEY = 0x66657272; // "ferr"

/** Secrets every instance must share; created once, under the migration lock. */
const INSTANCE_SECRETS = ["session-signing"] as const;

export function migrationsDir(provider: "sqlite" | "postgresql"): string {
  return path.resolve(import.meta.dirname, "../../prisma/migrations", provider);
}

export function readMigrations(provider: "sqlite" | "postgresql"): Migration[] {
  const dir = migrationsDir(provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkHistory(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  const known = new Set(migrations.map((m) => m.name));
  for (const [name, checksum] of applied) {
    if (!known.has(name)) {
      throw new Error(`The database has migration "${name}", which this version of Ferry does not know. Is an older Ferry starting against a newer database?`);
    }
    const m = migrations.find((x) => x.name === name)!;
    if (m.checksum !== checksum) {
      throw new Error(`Migration "${name}" was changed after it was applied to this database (checksum mismatch).`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

const newSecret = () => randomBytes(32).toString("base64url");

/** Brings the database to the newest schema and creates instance secrets. Returns applied names. */
export async function migrate(target: MigrationTarget): Promise<string[]> {
  return target.databaseUrl ? migratePostgres(target.databaseUrl) : migrateSqlite(target.sqlitePath);
}

function migrateSqlite(file: string): string[] {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fresh = !existsSync(file);
  const sqlite = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    const migrations = readMigrations("sqlite");
    // IMMEDIATE takes the write lock now, so a second process waits here rather than
    // reading a half-migrated history.
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS "_ferry_migrations" (
        "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`);
      const rows = sqlite.prepare(`SELECT name, checksum FROM "_ferry_migrations"`).all() as { name: string; checksum: string }[];
      const pending = checkHistory(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
      const record = sqlite.prepare(`INSERT INTO "_ferry_migrations" (name, checksum, appliedAt) VALUES (?, ?, ?)`);
      for (const m of pending) {
        sqlite.exec(m.sql);
        record.run(m.name, m.checksum, new Date().toISOString());
      }
      const addSecret = sqlite.prepare(`INSERT OR IGNORE INTO "InstanceSecret" (name, value, createdAt) VALUES (?, ?, ?)`);
      for (const name of INSTANCE_SECRETS) addSecret.run(name, newSecret(), new Date().toISOString());
      sqlite.exec("COMMIT");
      return pending.map((m) => m.name);
    } catch (e) {
      sqlite.exec("ROLLBACK");
      throw e;
    }
  } finally {
    sqlite.close();
    if (fresh && existsSync(file)) {
      // The file holds password hashes and ciphertexts: owner-only.
      chmodSync(file, 0o600);
    }
  }
}

async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "_ferry_migrations" (
        "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "_ferry_migrations"`);
      const pending = checkHistory(new Map(rows.map((r) => [r.name, r.checksum])), readMigrations("postgresql"));
      for (const m of pending) {
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(`INSERT INTO "_ferry_migrations" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK");
          throw e;
        }
      }
      for (const name of INSTANCE_SECRETS) {
        await client.query(
          `INSERT INTO "InstanceSecret" (name, value, "createdAt") VALUES ($1, $2, now()) ON CONFLICT (name) DO NOTHING`,
          [name, newSecret()],
        );
      }
      return pending.map((m) => m.name);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
