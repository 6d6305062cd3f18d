// The single database client. SQLite (embedded default) or PostgreSQL, chosen by DATABASE_URL;
// both generated clients come from the same models (prisma/models.prisma), so one type serves.
import "server-only";
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

/** Disconnects and forgets the process-wide client (`npm start` after its preparations). */
export async function closeDb(): Promise<void> {
  const client = globalForDb.ferryDb;
  globalForDb.ferryDb = undefined;
  await client?.$disconnect();
}

/**
 * A DateTime column read with $queryRaw: PostgreSQL's driver gives a Date, SQLite's stores
 * Prisma's ISO text. Raw reads serve the request hot path (lib/environments/access.ts,
 * lib/tokens/access-tokens.ts, lib/environments/versions.ts): Prisma's client engine compiles
 * every model query in WebAssembly, about four times the cost of the same query sent raw
 * (bench/api.ts profile), so the few queries every API request makes are written in SQL that
 * both databases run unchanged (quoted identifiers, positional parameters).
 */
export function rawDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(String(v));
}
