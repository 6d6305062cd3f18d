// The migrations folder and the applied history, shared by the SQLite and PostgreSQL runners.
import "server-only";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** A migration could not be applied; the database is as it was before. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

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

/** The migrations still to apply, after checking that the applied ones are ours, unchanged. */
export function pendingMigrations(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  const known = new Set(migrations.map((m) => m.name));
  for (const [name, checksum] of applied) {
    if (!known.has(name)) {
      throw new MigrationError(`The database has migration "${name}", which this version of Ferry does not know. Is an older Ferry starting against a newer database?`);
    }
    const m = migrations.find((x) => x.name === name)!;
    if (m.checksum !== checksum) {
      throw new MigrationError(`Migration "${name}" was changed after it was applied to this database (checksum mismatch).`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}
