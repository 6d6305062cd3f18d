import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { migrate, migrationsDir } from "./migrate";
import { db } from "./client";
import { freshDatabase } from "../../testing/fresh-database";

describe("migrations", () => {
  it("are idempotent and safe when many instances start at once", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(readConfig())));
    // The setup already migrated this database, so nothing is left to apply for anyone.
    expect(results.flat()).toEqual([]);
    expect(await db().instanceSecret.count({ where: { name: "session-signing" } })).toBe(1);
  });

  it("on a fresh database, concurrent starts apply each migration exactly once", async () => {
    const { target, drop } = await freshDatabase("migrate");
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
