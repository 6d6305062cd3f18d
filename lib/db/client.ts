// The single database client. SQLite (embedded default) or PostgreSQL, chosen by DATABASE_URL;
// both generated clients come from the same models (prisma/models.prisma), so one type serves.
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";

export type Db = InstanceType<typeof SqliteClient>;
export type { Prisma } from "./generated/sqlite/client";

/** How long a writer waits for SQLite's file lock before failing with "busy". */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

export function createDb(target: { databaseUrl?: string; sqlitePath: string }): Db {
  if (target.databaseUrl) {
    const adapter = new PrismaPg({ connectionString: target.databaseUrl });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const adapter = new PrismaBetterSQLite3({ url: target.sqlitePath, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return new SqliteClient({ adapter });
}

const globalForDb = globalThis as unknown as { ferryDb?: Db };

/** The process-wide client for the configured database. */
export function db(): Db {
  return (globalForDb.ferryDb ??= createDb(config()));
}
