// A new, empty database of the kind the test project runs against (a SQLite file, or a database
// on FERRY_TEST_DATABASE_URL's server), brought to the schema of an older release by applying the
// migrations before `before` the way lib/db/migrate.ts records them, so that migrate() later
// applies the rest exactly as on an upgraded deployment.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migrationsDir } from "../lib/db/migrate";

export interface OlderDatabase {
  /** a data directory whose ferry.db (or DATABASE_URL) is the older database */
  dataDir: string;
  target: { sqlitePath: string; databaseUrl?: string };
  drop(): Promise<void>;
}

function migrationsBefore(provider: "sqlite" | "postgresql", before: string) {
  const dir = migrationsDir(provider);
  return readdirSync(dir)
    .filter((d) => /^\d{4}_/.test(d) && d < before)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function olderDatabase(before: string): Promise<OlderDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-older-"));
  const sqlitePath = path.join(dataDir, "ferry.db");
  const adminUrl = process.env.FERRY_TEST_DATABASE_URL;
  if (process.env.FERRY_TEST_DB !== "postgres" || !adminUrl) {
    const sqlite = new Database(sqlitePath);
    sqlite.pragma("journal_mode = WAL");
    sqlite.exec(`CREATE TABLE "_ferry_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`);
    for (const m of migrationsBefore("sqlite", before)) {
      sqlite.exec(m.sql);
      sqlite.prepare(`INSERT INTO "_ferry_migrations" VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
    }
    sqlite.close();
    return { dataDir, target: { sqlitePath }, drop: async () => {} };
  }
  const name = `ferry_older_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`CREATE TABLE "_ferry_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
  for (const m of migrationsBefore("postgresql", before)) {
    await client.query(m.sql);
    await client.query(`INSERT INTO "_ferry_migrations" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
  }
  await client.end();
  return {
    dataDir,
    target: { sqlitePath, databaseUrl: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
