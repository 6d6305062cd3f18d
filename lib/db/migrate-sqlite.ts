// The SQLite side of the migration runner. All pending migrations apply in one IMMEDIATE
// transaction (it takes the write lock at once, so a second process waits instead of reading a
// half-migrated history) with foreign-key enforcement off, checked before commit.
import "server-only";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SQLITE_BUSY_TIMEOUT_MS } from "./client";
import { MigrationError, pendingMigrations, type Migration } from "./migrations";
import { backupNextToDatabase } from "./sqlite-backup";

const HISTORY = `CREATE TABLE IF NOT EXISTS "_ferry_migrations" (
  "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;

function appliedHistory(sqlite: Database.Database): Map<string, string> {
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_ferry_migrations'`).get();
  if (!exists) return new Map();
  const rows = sqlite.prepare(`SELECT name, checksum FROM "_ferry_migrations"`).all() as { name: string; checksum: string }[];
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

interface Violation {
  table: string;
  rowid: number | null;
  parent: string;
}

/** Refuses a migration that leaves rows pointing at rows that no longer exist. */
function assertForeignKeysHold(sqlite: Database.Database, migration: string): void {
  const violations = sqlite.prepare("PRAGMA foreign_key_check").all() as Violation[];
  if (violations.length === 0) return;
  const examples = violations.slice(0, 3).map((v) => `${v.table} row ${v.rowid ?? "?"} → missing ${v.parent}`);
  throw new MigrationError(
    `Migration "${migration}" would leave ${violations.length} row(s) referring to rows that do not exist (${examples.join("; ")}). ` +
      "It was rolled back and the database is unchanged; this is a bug in the migration, please report it.",
  );
}

function applyPending(sqlite: Database.Database, migrations: Migration[]): string[] {
  sqlite.exec("BEGIN IMMEDIATE");
  try {
    sqlite.exec(HISTORY);
    const pending = pendingMigrations(appliedHistory(sqlite), migrations);
    const record = sqlite.prepare(`INSERT INTO "_ferry_migrations" (name, checksum, appliedAt) VALUES (?, ?, ?)`);
    for (const m of pending) {
      try {
        sqlite.exec(m.sql);
      } catch (e) {
        throw new MigrationError(`Migration "${m.name}" failed (${(e as Error).message}). It was rolled back and the database is unchanged.`);
      }
      assertForeignKeysHold(sqlite, m.name);
      record.run(m.name, m.checksum, new Date().toISOString());
    }
    sqlite.exec("COMMIT");
    return pending.map((m) => m.name);
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    throw e;
  }
}

/**
 * Applies `migrations` that the database at `file` has not had yet. An existing database is
 * first copied next to itself (see sqlite-backup.ts); `onBackup` hears where.
 */
export function migrateSqlite(file: string, migrations: Migration[], onBackup?: (file: string) => void): string[] {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fresh = !existsSync(file);
  const sqlite = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    sqlite.pragma("journal_mode = WAL");
    // Prisma migrations redefine a table by creating a copy, dropping the original and renaming
    // the copy. With enforcement on, that DROP cascades into every table referencing it (and
    // the migration's own `PRAGMA foreign_keys=OFF` is ignored inside a transaction), so it must
    // be off before BEGIN; assertForeignKeysHold checks the result instead.
    sqlite.pragma("foreign_keys = OFF");
    const applied = appliedHistory(sqlite);
    const pending = pendingMigrations(applied, migrations);
    if (!fresh && applied.size > 0 && pending.length > 0) {
      let backup: string;
      try {
        backup = backupNextToDatabase(sqlite, file, `before-${pending[0].name}`);
      } catch (e) {
        throw new MigrationError(`Could not write a backup of ${file} before migrating it (${(e as Error).message}); nothing was changed. Free some disk space and start again.`);
      }
      onBackup?.(backup);
    }
    return applyPending(sqlite, migrations);
  } finally {
    sqlite.close();
    if (fresh && existsSync(file)) {
      // The file holds password hashes and ciphertexts: owner-only.
      chmodSync(file, 0o600);
    }
  }
}
