// A new, empty database of the kind the current domain test project runs against (SQLite, or
// PostgreSQL in the "postgres" project), for tests that need more than the per-file database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { MigrationTarget } from "../lib/db/migrate";

export interface FreshDatabase {
  target: MigrationTarget;
  provider: "sqlite" | "postgresql";
  drop(): Promise<void>;
}

export async function freshDatabase(label = "fresh"): Promise<FreshDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), `ferry-${label}-`));
  const sqlitePath = path.join(dir, "ferry.db");
  const adminUrl = process.env.FERRY_TEST_DATABASE_URL;
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  if (process.env.FERRY_TEST_DB !== "postgres" || !adminUrl) return { target: { sqlitePath }, provider: "sqlite", drop: removeDir };
  const name = `ferry_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { sqlitePath, databaseUrl: url.toString() },
    provider: "postgresql",
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      await removeDir();
    },
  };
}
