import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { migrate, migrationsDir } from "./migrate";
import { db } from "./client";

describe("migrations", () => {
  it("are idempotent and safe when many instances start at once", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(readConfig())));
    // The setup already migrated this database, so nothing is left to apply for anyone.
    expect(results.flat()).toEqual([]);
    expect(await db().instanceSecret.count({ where: { name: "session-signing" } })).toBe(1);
  });

  it("on a fresh database, concurrent starts apply each migration exactly once", async () => {
    const { target, drop } = await freshTarget();
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => migrate(target)));
      const applied = results.flat();
      expect(applied).toEqual(readdirSync(migrationsDir(target.databaseUrl ? "postgresql" : "sqlite")).filter((d) => /^\d{4}_/.test(d)).sort());
    } finally {
      await drop();
    }
  });

  it.each(["sqlite", "postgresql"] as const)("for %s match the current models (no schema change without a migration)", (provider) => {
    const dir = migrationsDir(provider);
    const last = readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).sort().at(-1)!;
    const snapshot = readFileSync(path.join(dir, last, "schema.prisma"), "utf8");
    const current = readFileSync(path.resolve(import.meta.dirname, "../../prisma", provider, "schema.prisma"), "utf8");
    expect(current, "run `npm run db:migration -- <name>` after changing prisma/models.prisma").toBe(snapshot);
  });
});

/** A new empty database of the kind this test project runs against. */
async function freshTarget() {
  const sqlitePath = path.join(mkdtempSync(path.join(tmpdir(), "ferry-migrate-")), "fresh.db");
  const adminUrl = process.env.FERRY_TEST_DATABASE_URL;
  if (process.env.FERRY_TEST_DB !== "postgres" || !adminUrl) return { target: { sqlitePath }, drop: async () => {} };
  const name = `ferry_migrate_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { sqlitePath, databaseUrl: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
