// Applies prisma/migrations/<provider>/*/migration.sql in name order, each once, recorded in
// _ferry_migrations with a checksum. Runs at every start; instances starting together serialize
// on a database lock (PostgreSQL advisory lock, SQLite's write lock), so none races another.
// Prisma's own `migrate deploy` is not used: its WebAssembly engine cannot introspect
// PostgreSQL, and one runner for both databases keeps the behaviour identical.
import "server-only";
import { MigrationError, readMigrations, type Migration } from "./migrations";
import { migrateSqlite } from "./migrate-sqlite";
import { migratePostgres } from "./migrate-postgres";

export { MigrationError, migrationsDir, readMigrations, type Migration } from "./migrations";

export interface MigrationTarget {
  databaseUrl?: string;
  sqlitePath: string;
}

export interface MigrateOptions {
  /** stop after this migration instead of the newest (the upgrade tests start from old schemas) */
  upTo?: string;
  /** told where the backup written before migrating an existing SQLite database is */
  onBackup?: (file: string) => void;
}

function selectMigrations(provider: "sqlite" | "postgresql", upTo: string | undefined): Migration[] {
  const all = readMigrations(provider);
  if (upTo === undefined) return all;
  const end = all.findIndex((m) => m.name === upTo);
  if (end < 0) throw new MigrationError(`There is no migration "${upTo}".`);
  return all.slice(0, end + 1);
}

/** Brings the database to the newest schema. Returns the names of the migrations applied. */
export async function migrate(target: MigrationTarget, options: MigrateOptions = {}): Promise<string[]> {
  return target.databaseUrl
    ? migratePostgres(target.databaseUrl, selectMigrations("postgresql", options.upTo))
    : migrateSqlite(target.sqlitePath, selectMigrations("sqlite", options.upTo), options.onBackup);
}
