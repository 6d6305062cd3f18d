// vitest setup for domain tests: every test file gets a fresh, migrated database before any
// lib module reads its configuration. SQLite by default; PostgreSQL in the "postgres" project
// (FERRY_TEST_DATABASE_URL names a server where databases may be created and dropped).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

const adminUrl = process.env.FERRY_TEST_DATABASE_URL;
const usePostgres = process.env.FERRY_TEST_DB === "postgres";
const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-test-"));
let dbName: string | undefined;

process.env.FERRY_DATA_DIR = dataDir;
process.env.DATABASE_URL = "";

function urlFor(database: string): string {
  const u = new URL(adminUrl!);
  u.pathname = `/${database}`;
  return u.toString();
}

beforeAll(async () => {
  if (usePostgres) {
    if (!adminUrl) throw new Error("FERRY_TEST_DATABASE_URL is required for the postgres test project");
    dbName = `ferry_test_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    process.env.DATABASE_URL = urlFor(dbName);
  }
  const { readConfig } = await import("../lib/config");
  const { migrate } = await import("../lib/db/migrate");
  await migrate(readConfig());
  const { prepareSecretsAtRest } = await import("../lib/crypto/startup");
  await prepareSecretsAtRest(() => {});
});

afterAll(async () => {
  const { closeDb } = await import("../lib/db/client");
  await closeDb();
  if (dbName) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
  rmSync(dataDir, { recursive: true, force: true });
});
