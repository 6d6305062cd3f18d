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

export interface DatabaseTarget {
  databaseUrl?: string;
  sqlitePath: string;
}

// Kept on the client object under global symbols rather than in module-level maps: Next's
// bundle and the lean API router each load their own copy of this module (and of hot-reads.ts),
// while the client itself is one per process (globalForDb).
const TARGET = Symbol.for("ferry.db.target");
const CLOSERS = Symbol.for("ferry.db.closers");
type Tagged = { [TARGET]?: DatabaseTarget; [CLOSERS]?: Set<() => Promise<void>> };

export function createDb(target: DatabaseTarget): Db {
  const client = target.databaseUrl
    ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: target.databaseUrl }) }) as unknown as Db)
    : new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.sqlitePath, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  Object.assign(client as Tagged, { [TARGET]: { databaseUrl: target.databaseUrl, sqlitePath: target.sqlitePath }, [CLOSERS]: new Set() });
  return client;
}

/** The database a client was created for (hot-reads.ts opens its own connection to it). */
export function databaseTarget(client: Db): DatabaseTarget {
  const t = (client as Tagged)[TARGET];
  if (!t) throw new Error("databaseTarget: not a client made by createDb");
  return t;
}

/** Runs `close` when closeDb disconnects this client (connections of its own to close). */
export function onDisconnect(client: Db, close: () => Promise<void>): void {
  (client as Tagged)[CLOSERS]?.add(close);
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
  if (!client) return;
  for (const close of (client as Tagged)[CLOSERS] ?? []) await close();
  await client.$disconnect();
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
