// The PostgreSQL side of the migration runner. Instances serialize on an advisory lock; each
// migration runs in its own transaction with its history row, so a failure rolls back that
// migration whole and leaves the earlier ones recorded. PostgreSQL enforces foreign keys inside
// transactions (and refuses to DROP a referenced table without CASCADE), so the SQLite
// redefine-table hazard cannot occur here; deferrable constraints are checked before the
// history row is written, so a violation names the migration instead of failing at COMMIT.
import "server-only";
import pg from "pg";
import { MigrationError, pendingMigrations, type Migration } from "./migrations";

// Arbitrary but fixed: every Ferry instance must take the same advisory lock.
const PG_LOCK_KEY = 0x66657272; // "ferr"

async function applyOne(client: pg.Client, m: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(m.sql);
    await client.query("SET CONSTRAINTS ALL IMMEDIATE");
    await client.query(`INSERT INTO "_ferry_migrations" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw new MigrationError(`Migration "${m.name}" failed (${(e as Error).message}). It was rolled back; the database is as it was before it.`);
  }
}

export async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "_ferry_migrations" (
        "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "_ferry_migrations"`);
      const pending = pendingMigrations(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
      for (const m of pending) await applyOne(client, m);
      return pending.map((m) => m.name);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
