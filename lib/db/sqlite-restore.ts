// `admin backup` and `admin restore` for the embedded SQLite database. A restore checks that
// the file is a Ferry database this version can run, refuses to replace a database in use or
// without the operator's confirmation, keeps the replaced database as a backup, and swaps the
// file in with one rename so a crash leaves either the old or the new database, never half.
import "server-only";
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { MigrationError, pendingMigrations, readMigrations } from "./migrations";
import { backupNextToDatabase, writeSqliteBackup } from "./sqlite-backup";

/** A refusal with a sentence for the operator; nothing was changed. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export interface DatabaseSummary {
  /** newest migration applied */
  migration: string;
  /** migrations this Ferry would still apply at start */
  pending: number;
  users: number;
  organizations: number;
  environments: number;
}

function openExisting(file: string, what: string): Database.Database {
  if (!existsSync(file)) throw new BackupError(`${what} ${file} does not exist.`);
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare("SELECT count(*) FROM sqlite_master").get();
    return db;
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${file} is not a SQLite database.`);
  }
}

const tableExists = (db: Database.Database, name: string) =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;

/** Checks that `file` is an intact Ferry database this version can run, and summarizes it. */
export function inspectFerryDatabase(file: string): DatabaseSummary {
  const db = openExisting(file, "The file");
  try {
    const check = db.prepare("PRAGMA quick_check").pluck().all() as string[];
    if (check.join() !== "ok") throw new BackupError(`${file} is damaged (${check.slice(0, 3).join("; ")}).`);
    if (!tableExists(db, "_ferry_migrations") || !tableExists(db, "User") || !tableExists(db, "InstanceSecret")) {
      throw new BackupError(`${file} is a SQLite database, but not a Ferry database.`);
    }
    const history = db.prepare(`SELECT name, checksum FROM "_ferry_migrations" ORDER BY name`).all() as { name: string; checksum: string }[];
    if (history.length === 0) throw new BackupError(`${file} is a Ferry database with no migrations applied: there is nothing in it to restore.`);
    let pending: number;
    try {
      pending = pendingMigrations(new Map(history.map((h) => [h.name, h.checksum])), readMigrations("sqlite")).length;
    } catch (e) {
      if (e instanceof MigrationError) throw new BackupError(`${file} cannot be used by this version of Ferry: ${e.message}`);
      throw e;
    }
    const count = (table: string) => (tableExists(db, table) ? (db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number) : 0);
    return { migration: history.at(-1)!.name, pending, users: count("User"), organizations: count("Organization"), environments: count("Environment") };
  } finally {
    db.close();
  }
}

export const describeSummary = (s: DatabaseSummary) =>
  `${s.users} user(s), ${s.organizations} organization(s), ${s.environments} environment(s), migrations up to ${s.migration}`;

/** Copies the live database (safe while Ferry runs) to `out`, or next to it when not given. */
export function backupDatabase(databaseFile: string, out?: string): { file: string; summary: DatabaseSummary } {
  const db = openExisting(databaseFile, "The database");
  try {
    let file: string;
    if (out) {
      file = path.resolve(out);
      if (existsSync(file)) throw new BackupError(`${file} already exists; choose another file name.`);
      try {
        writeSqliteBackup(db, file);
      } catch (e) {
        throw new BackupError(`Could not write ${file} (${(e as Error).message}).`);
      }
    } else {
      file = backupNextToDatabase(db, databaseFile);
    }
    return { file, summary: inspectFerryDatabase(file) };
  } finally {
    db.close();
  }
}

/**
 * Takes the database's exclusive lock: fails while any other process (a running Ferry) has the
 * database open, even idle, because WAL-mode connections keep a shared lock while open.
 */
function lockExclusively(databaseFile: string): Database.Database {
  const db = new Database(databaseFile, { fileMustExist: true, timeout: 200 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("COMMIT");
    return db;
  } catch {
    db.close();
    throw new BackupError(`${databaseFile} is in use. Stop Ferry (every process using this data directory) before restoring.`);
  }
}

export interface RestoreResult {
  restored: DatabaseSummary;
  /** where the database that was replaced now is */
  replacedKeptAt?: string;
}

export function restoreDatabase(databaseFile: string, backupFile: string, opts: { confirmed: boolean }): RestoreResult {
  const source = path.resolve(backupFile);
  if (source === path.resolve(databaseFile)) throw new BackupError("That is the database itself; name a backup file.");
  const restored = inspectFerryDatabase(source);
  let replacedKeptAt: string | undefined;
  if (existsSync(databaseFile)) {
    const current = inspectCurrent(databaseFile);
    if (!opts.confirmed) {
      throw new BackupError(
        `Restoring would replace ${databaseFile}${current ? ` (${describeSummary(current)})` : ""} with ${source} (${describeSummary(restored)}). ` +
          "Stop Ferry, then run the command again with --yes; the current database will be kept as a backup next to it.",
      );
    }
    const lock = lockExclusively(databaseFile);
    try {
      replacedKeptAt = backupNextToDatabase(lock, databaseFile, "before-restore");
    } finally {
      // the last connection to close checkpoints the write-ahead log into the main file
      lock.close();
    }
  }
  mkdirSync(path.dirname(databaseFile), { recursive: true, mode: 0o700 });
  const staging = path.join(path.dirname(databaseFile), `.ferry-restore-${randomBytes(6).toString("hex")}.db`);
  const from = new Database(source, { readonly: true, fileMustExist: true });
  try {
    writeSqliteBackup(from, staging);
  } catch (e) {
    rmSync(staging, { force: true });
    throw new BackupError(`Could not copy ${source} next to the database (${(e as Error).message}); nothing was changed.`);
  } finally {
    from.close();
  }
  // A log left beside the old file would be replayed into the new one. Its contents are in the
  // copy kept above, so removing it loses nothing.
  for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(databaseFile + suffix, { force: true });
  renameSync(staging, databaseFile);
  chmodSync(databaseFile, 0o600);
  return { restored, replacedKeptAt };
}

/** The current database's summary, or undefined when it is not (or not yet) a Ferry database. */
function inspectCurrent(databaseFile: string): DatabaseSummary | undefined {
  try {
    return inspectFerryDatabase(databaseFile);
  } catch {
    return undefined;
  }
}
