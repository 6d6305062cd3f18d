// Writes on the request hot path (an open's audit event and session row), sent to the database
// driver directly instead of through Prisma, in a transaction of their own.
//
// Why: with evaluation results kept (lib/environments/evaluation-cache.ts), profiling
// POST …/open under load (bench/api.ts) put 55% of the process's CPU in Prisma running those
// writes: its client, its WebAssembly query compiler and its driver adapter, about 0.25 ms per
// statement for statements SQLite runs in microseconds.
//
// A transaction is written once, as a generator that yields statements (`yield* sql\`…\``) and
// gets their rows back, and driven two ways:
// - SQLite: on a connection of its own, entirely synchronously, from BEGIN IMMEDIATE to COMMIT.
//   Nothing else on this thread can run in between, in particular no Prisma statement, whose
//   connection waits for the file lock synchronously: a transaction held across an `await` here
//   could make it wait on us while we wait for it. When another connection holds the lock, BEGIN
//   fails at once (busy timeout 0) and is retried after a pause, without blocking the thread.
// - PostgreSQL: on a pooled connection, statement by statement, as any client would.
// Values are stored exactly as Prisma stores them (see `at`), so Prisma reads them back unchanged.
import "server-only";
import Database from "better-sqlite3";
import type pg from "pg";
import { databaseTarget, db, type Db } from "./client";
import { startWalCheckpointer } from "./wal-checkpointer";
import { compile, perClient, postgresPool, tuplesTemplate, type Compiled, type Param } from "./hot-reads";
import { log } from "../ops/log";

type Row = Record<string, unknown>;

/** A Prisma interactive transaction's client. */
export type TxClient = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface Statement {
  text: Compiled;
  values: Param[];
}

/** A transaction body: yields statements, receives each one's rows, returns its result. */
export type HotTransaction<T> = Generator<Statement, T, Row[]>;

/** One statement of a transaction, written as a tagged template whose values become parameters. */
export function* sql<Rows extends Row[] = Row[]>(strings: TemplateStringsArray, ...values: Param[]): Generator<Statement, Rows, Row[]> {
  for (const v of values) {
    if (v !== null && typeof v !== "string" && typeof v !== "number" && typeof v !== "bigint") throw new TypeError(`sql: unsupported parameter type ${typeof v}`);
  }
  return (yield { text: compile(strings), values }) as Rows;
}

/**
 * One INSERT of several rows (`head` up to VALUES, each row its values in column order), for a
 * group commit's batch: on PostgreSQL every statement is a round trip to the server, so a batch of
 * N sessions inserted one by one cost N of them. The text depends on the row count, so each count
 * up to the batch limit is prepared once.
 */
export function* insertRows(head: string, rows: Param[][], tail = ""): Generator<Statement, Row[], Row[]> {
  if (rows.length === 0) return [];
  const width = rows[0].length;
  const values = rows.flat();
  if (values.length !== width * rows.length) throw new TypeError("insertRows: rows of different widths");
  return yield* sql(tuplesTemplate(`${head} `, width, rows.length, tail), ...values);
}

/**
 * A row a batch's item wants inserted (`into`: the INSERT up to VALUES; `tail`: what follows the
 * rows, such as an ON CONFLICT clause). A batch inserts all its items' rows of one kind with one
 * statement (insertAll), kinds in ascending `order` (a row referenced by another goes first).
 */
export interface RowInsert {
  into: string;
  tail?: string;
  order: number;
  row: Param[];
}

/** Rows per INSERT statement: far under either database's limit on parameters for our widths. */
const INSERT_ROWS = 256;

/** Inserts `inserts`, one INSERT per kind (and per INSERT_ROWS rows), kinds in ascending order. */
export function* insertAll(inserts: RowInsert[]): HotTransaction<void> {
  const kinds = new Map<string, { into: string; tail: string; order: number; rows: Param[][] }>();
  for (const i of inserts) {
    const key = `${i.order}\u0000${i.into}\u0000${i.tail ?? ""}`;
    const kind = kinds.get(key);
    if (kind) kind.rows.push(i.row);
    else kinds.set(key, { into: i.into, tail: i.tail ?? "", order: i.order, rows: [i.row] });
  }
  for (const kind of [...kinds.values()].sort((a, b) => a.order - b.order)) {
    for (let n = 0; n < kind.rows.length; n += INSERT_ROWS) yield* insertRows(kind.into, kind.rows.slice(n, n + INSERT_ROWS), kind.tail);
  }
}

/**
 * A DateTime parameter as Prisma stores it: SQLite keeps ISO text with an explicit "+00:00",
 * PostgreSQL a `timestamp(3)` without zone holding UTC (its input ignores the "Z").
 */
export function at(date: Date): string {
  const iso = date.toISOString();
  return databaseTarget(db()).databaseUrl ? iso : `${iso.slice(0, -1)}+00:00`;
}

interface Writer {
  run<T>(body: () => HotTransaction<T>): Promise<T>;
  close(): Promise<void>;
}

/** How long a transaction waits for SQLite's write lock before failing, as Prisma's connection does. */
const SQLITE_LOCK_WAIT_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isBusy = (e: unknown) => (e as { code?: string }).code === "SQLITE_BUSY";

function sqliteWriter(file: string): Writer {
  const conn = new Database(file, { fileMustExist: true, timeout: 0 });
  conn.pragma("foreign_keys = ON");
  // the log is checkpointed by a thread of its own, not inside this connection's commits
  const checkpointer = startWalCheckpointer(file, conn, { onLost: (reason) => log().error({ err: reason }, "the SQLite checkpoint thread stopped; commits checkpoint again") });
  const statements = new Map<string, Database.Statement>();
  const prepared = (text: string) => {
    let stmt = statements.get(text);
    if (!stmt) statements.set(text, (stmt = conn.prepare(text)));
    return stmt;
  };
  return {
    async run(body) {
      const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
      for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
        try {
          conn.exec("BEGIN IMMEDIATE");
          break;
        } catch (e) {
          if (!isBusy(e) || Date.now() > deadline) throw e;
          await sleep(pause);
        }
      }
      try {
        const txn = body();
        let step = txn.next();
        while (!step.done) {
          const stmt = prepared(step.value.text.sqlite);
          const rows = stmt.reader ? (stmt.all(...step.value.values) as Row[]) : (stmt.run(...step.value.values), []);
          step = txn.next(rows);
        }
        conn.exec("COMMIT");
        return step.value;
      } catch (e) {
        if (conn.inTransaction) conn.exec("ROLLBACK");
        throw e;
      }
    },
    async close() {
      await checkpointer.stop();
      conn.close();
    },
  };
}

function postgresWriter(url: string): Writer {
  const pool: pg.Pool = postgresPool(url);
  return {
    async run(body) {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query("BEGIN");
        const txn = body();
        let step = txn.next();
        while (!step.done) {
          const { text, values } = step.value;
          step = txn.next((await client.query({ name: text.name, text: text.postgres, values })).rows);
        }
        await client.query("COMMIT");
        return step.value;
      } catch (e) {
        await client.query("ROLLBACK").catch((rollbackFailed) => (broken = rollbackFailed));
        throw e;
      } finally {
        // a connection whose rollback failed is in an unknown state: the pool drops it
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}

const WRITER = Symbol.for("ferry.db.hotWriter");
const writerFor = (client: Db) => perClient(client, WRITER, (t) => (t.databaseUrl ? postgresWriter(t.databaseUrl) : sqliteWriter(t.sqlitePath)));

/** Runs `body` as one transaction against the same database as `db()`; rolled back if it throws. */
export function hotWrite<T>(body: () => HotTransaction<T>): Promise<T> {
  return writerFor(db()).run(body);
}

const RETURNS_ROWS = /^\s*SELECT\b|\bRETURNING\b/i;

/**
 * Runs `body` inside a Prisma interactive transaction instead, for a write that must commit
 * atomically with the caller's other changes (an audit event recorded with the change it records).
 */
export async function runInPrismaTransaction<T>(tx: TxClient, body: () => HotTransaction<T>): Promise<T> {
  const postgres = !!databaseTarget(db()).databaseUrl;
  const txn = body();
  let step = txn.next();
  while (!step.done) {
    const text = postgres ? step.value.text.postgres : step.value.text.sqlite;
    const values = step.value.values;
    step = txn.next(RETURNS_ROWS.test(text) ? await tx.$queryRawUnsafe<Row[]>(text, ...values) : (await tx.$executeRawUnsafe(text, ...values), []));
  }
  return step.value;
}
