// Copies of the SQLite database made with VACUUM INTO: consistent (one read transaction, so
// safe while Ferry serves requests), compact, a plain database file that `sqlite3` opens, and
// owner-only like the database itself (it holds password hashes and ciphertexts).
import "server-only";
import { closeSync, existsSync, linkSync, openSync, rmSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

const stamp = (now: Date) => now.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");

/** `<dir of the database>/ferry-backup-<UTC time>[-<label>].db`, e.g. …-before-0003_keys.db */
export function backupPath(databaseFile: string, label: string | undefined, now = new Date()): string {
  const base = path.join(path.dirname(databaseFile), `ferry-backup-${stamp(now)}${label ? `-${label}` : ""}`);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base}.db` : `${base}-${n}.db`;
    if (!existsSync(candidate) && !existsSync(`${candidate}.partial`)) return candidate;
  }
}

/**
 * Writes a copy of `source` to `out`, which must not exist. The copy is made under a temporary
 * name, created empty with mode 0600 first, and only then linked to `out` (which fails if `out`
 * appeared meanwhile), so a crash never leaves a half-written file under a backup's name.
 */
export function writeSqliteBackup(source: Database.Database, out: string): void {
  const partial = `${out}.partial`;
  closeSync(openSync(partial, "wx", 0o600));
  try {
    source.prepare("VACUUM INTO ?").run(partial);
    linkSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Writes a backup next to the database under a fresh name and returns its path. */
export function backupNextToDatabase(source: Database.Database, databaseFile: string, label?: string): string {
  for (;;) {
    const out = backupPath(databaseFile, label);
    try {
      writeSqliteBackup(source, out);
      return out;
    } catch (e) {
      // another process took the name between the check and the create: pick the next one
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}
