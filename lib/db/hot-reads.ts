// Reads on the request hot path, sent to the database driver directly with prepared statements
// kept per connection, instead of through Prisma.
//
// Why: profiling `GET …/{env}` under load (bench/api.ts, node --cpu-prof) put more than half of
// the console's CPU in the database layer, almost none of it in SQLite itself: Prisma's client
// (21%), its WebAssembly query compiler (12%), its driver adapter (10%) and better-sqlite3
// preparing the same statement again on every call (11%). The few reads every API request makes
// (the token, the membership and environment, the revision) are plain SQL that both databases
// run unchanged; here each is prepared once per connection and then only executed.
//
// Only reads: the SQLite connection is opened read-only, so nothing here can write, and every
// write keeps going through Prisma and its transactions. A read sees every write committed
// before it (SQLite's WAL gives each statement the latest committed snapshot; PostgreSQL reads
// committed), on this instance and on any other.
import "server-only";
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { countEvent } from "../ops/metrics";
import { SQLITE_BUSY_TIMEOUT_MS, databaseTarget, db, onDisconnect, type Db } from "./client";

export type Param = string | number | bigint | null;

interface Reader {
  all(text: Compiled, values: Param[]): Promise<Record<string, unknown>[]>;
  /** all(), sent on PostgreSQL with the same read of other callers in this turn of the event loop */
  batched(text: Compiled, values: string[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface Compiled {
  sqlite: string;
  postgres: string;
  /** a PostgreSQL prepared statement's name: the same text always gets the same name */
  name: string;
  /** the statement run for many parameter lists at once (batchedHotRead), made when first needed */
  batch?: { text: string; name: string };
}

// A tagged template's strings array is the same object on every call from one place in the code.
const compiled = new WeakMap<TemplateStringsArray, Compiled>();

export function compile(strings: TemplateStringsArray): Compiled {
  let c = compiled.get(strings);
  if (!c) {
    const sqlite = strings.join("?");
    const postgres = strings.reduce((text, part, i) => (i === 0 ? part : `${text}$${i}${part}`), "");
    c = { sqlite, postgres, name: statementName(postgres) };
    compiled.set(strings, c);
  }
  return c;
}

const statementName = (postgres: string) => `ferry_${createHash("sha256").update(postgres).digest("hex").slice(0, 24)}`;

/** The column of a batch statement's rows that says whose call (1, 2, …) a row answers. */
const CALL = "ferry_call";

/**
 * The statement that answers many calls of one read at once, on PostgreSQL: each call's
 * parameters are a row of `unnest` over one array per parameter, numbered by ORDINALITY, and
 * the read itself runs once per such row as a LATERAL subquery whose parameters are that row's
 * columns. Per call it is the same query with the same plan (an index lookup per parameter
 * row), so each call gets exactly the rows it would have got alone, tagged with its number.
 */
function batchStatement(strings: TemplateStringsArray): { text: string; name: string } {
  const params = strings.length - 1;
  const inner = strings.reduce((text, part, i) => (i === 0 ? part : `${text}q."p${i}"${part}`), "");
  const arrays = Array.from({ length: params }, (_, i) => `$${i + 1}::text[]`).join(", ");
  const columns = Array.from({ length: params }, (_, i) => `"p${i + 1}"`).join(", ");
  const text = `SELECT q."${CALL}" AS "${CALL}", s.* FROM unnest(${arrays}) WITH ORDINALITY AS q(${columns}, "${CALL}") CROSS JOIN LATERAL (${inner}) s`;
  return { text, name: statementName(text) };
}

/**
 * A statement's text in parts, one more than its parameters, used as a tagged template's strings
 * (`hotRead(TEXT, a, b)`): for texts composed from fragments another module owns. Made once, at
 * module load, so compile() (and the drivers) prepare it once, as they do a literal template.
 */
export function sqlTemplate(...parts: string[]): TemplateStringsArray {
  return Object.freeze(Object.assign(parts.slice(), { raw: parts.slice() })) as unknown as TemplateStringsArray;
}

// Texts made by tuplesTemplate, one per shape: the same text is the same object, as a tagged
// template's strings are, so compile() (and the drivers) prepare each only once.
const tupleTemplates = new Map<string, TemplateStringsArray>();

/**
 * The strings of a statement with `count` parenthesised tuples of `width` parameters after
 * `lead` and before `tail` ("… VALUES (?, ?), (?, ?)", "… IN ((?, ?), (?, ?))"), used as a tagged
 * template's strings with the values flattened. `lead` is the text before the tuples, a string
 * per parameter that comes before them ([`… WHERE "a" = `, ` AND … IN (`] for one).
 */
export function tuplesTemplate(lead: string | string[], width: number, count: number, tail: string): TemplateStringsArray {
  const leads = typeof lead === "string" ? [lead] : lead;
  const key = `${leads.join("\u0001")}\u0000${width}\u0000${count}\u0000${tail}`;
  let strings = tupleTemplates.get(key);
  if (!strings) {
    const parts = leads.slice(0, -1);
    const last = leads[leads.length - 1];
    for (let t = 0; t < count; t++) {
      for (let c = 0; c < width; c++) parts.push(c > 0 ? ", " : t === 0 ? `${last}(` : "), (");
    }
    parts.push(`)${tail}`);
    strings = sqlTemplate(...parts);
    tupleTemplates.set(key, strings);
  }
  return strings;
}

function sqliteReader(file: string): Reader {
  const conn = new Database(file, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const statements = new Map<string, Database.Statement>();
  const all = async (text: Compiled, values: Param[]) => {
    let stmt = statements.get(text.sqlite);
    if (!stmt) {
      stmt = conn.prepare(text.sqlite);
      statements.set(text.sqlite, stmt);
    }
    return stmt.all(...values) as Record<string, unknown>[];
  };
  return {
    all,
    // in process and synchronous: a read costs no round trip, so there is nothing to share
    batched: all,
    async close() {
      conn.close();
    },
  };
}

/**
 * Prisma keeps DateTime in PostgreSQL as `timestamp(3)` (no time zone) holding UTC; node-postgres
 * would read those as the server's local time, so they are read as UTC here.
 */
const UTC_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMP && format !== "binary" ? (text: string) => new Date(`${text.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** A pool for the hot path's own statements; idle, it lets the process (or a test worker) exit. */
export function postgresPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, allowExitOnIdle: true, types: UTC_TYPES });
  // an idle connection the server ended (a restart, a dropped test database) is discarded by the
  // pool and the next query opens another; unheard, its error event would crash the process
  pool.on("error", () => {});
  return pool;
}

/** At most this many calls share one batch statement (its arrays' length). */
export const MAX_BATCH = 128;

interface Call {
  values: string[];
  resolve(rows: Record<string, unknown>[]): void;
  reject(error: unknown): void;
}

function postgresReader(url: string): Reader {
  const pool = postgresPool(url);
  const all = async (text: Compiled, values: Param[]) => (await pool.query({ name: text.name, text: text.postgres, values })).rows;
  // the calls made in this turn of the event loop, per statement; sent when it ends (setImmediate
  // runs after the turn's I/O callbacks, so every request that arrived in it has made its call)
  const waiting = new Map<Compiled, Call[]>();
  let flushing = false;

  async function send(text: Compiled, calls: Call[]): Promise<void> {
    if (calls.length === 1) return all(text, calls[0].values).then(calls[0].resolve, calls[0].reject);
    const batch = text.batch!;
    countEvent("ferry_db_batched_read_calls_total", "Calls of batched reads (every API request's access check) that went to PostgreSQL together with others", {}, calls.length);
    countEvent("ferry_db_batched_read_statements_total", "Statements that answered those calls: calls per statement is how many requests shared a round trip", {});
    // one array per parameter, its i-th element from the i-th call
    const arrays = calls[0].values.map((_, p) => calls.map((c) => c.values[p]));
    try {
      const rows = (await pool.query({ name: batch.name, text: batch.text, values: arrays })).rows;
      const answers = calls.map((): Record<string, unknown>[] => []);
      for (const row of rows) {
        const call = Number(row[CALL]) - 1;
        delete row[CALL];
        answers[call].push(row);
      }
      calls.forEach((c, i) => c.resolve(answers[i]));
    } catch {
      // One call's parameters can fail the statement for all (a NUL byte, which PostgreSQL's text
      // refuses): each call is asked again alone, so it fails only its own request, as unbatched.
      countEvent("ferry_db_batched_read_failures_total", "Batched statements that failed, whose calls were then asked again one by one", {});
      await Promise.all(calls.map((c) => all(text, c.values).then(c.resolve, c.reject)));
    }
  }

  function flush(): void {
    flushing = false;
    for (const [text, calls] of waiting) {
      for (let i = 0; i < calls.length; i += MAX_BATCH) void send(text, calls.slice(i, i + MAX_BATCH));
    }
    waiting.clear();
  }

  return {
    all,
    batched(text, values) {
      return new Promise((resolve, reject) => {
        const calls = waiting.get(text);
        if (calls) calls.push({ values, resolve, reject });
        else waiting.set(text, [{ values, resolve, reject }]);
        if (!flushing) {
          flushing = true;
          setImmediate(flush);
        }
      });
    },
    close: () => pool.end(),
  };
}

/**
 * The connection of kind `key` for `client`, made by `make` on first use and closed when closeDb
 * disconnects the client. Kept on the client object, like its target (see client.ts): one per
 * client and process, however many copies of this module the bundles load.
 */
export function perClient<C extends { close(): Promise<void> }>(client: Db, key: symbol, make: (target: ReturnType<typeof databaseTarget>) => C): C {
  const tagged = client as unknown as Record<symbol, C | undefined>;
  let c = tagged[key];
  if (!c) {
    const made = make(databaseTarget(client));
    tagged[key] = c = made;
    onDisconnect(client, async () => {
      delete tagged[key];
      await made.close();
    });
  }
  return c;
}

const READER = Symbol.for("ferry.db.hotReader");
const readerFor = (client: Db) => perClient(client, READER, (t) => (t.databaseUrl ? postgresReader(t.databaseUrl) : sqliteReader(t.sqlitePath)));

/**
 * Runs one read-only statement, written as a tagged template whose values become parameters,
 * against the same database as `db()`, as `db().$queryRaw` would; rows come back as the driver
 * gives them (see rawDate).
 */
export function hotRead<Rows extends unknown[]>(strings: TemplateStringsArray, ...values: Param[]): Promise<Rows> {
  return hotReadOn(db())<Rows>(strings, ...values);
}

/** hotRead against the database of `client` (a key ring made for another client reads there). */
export function hotReadOn(client: Db) {
  return <Rows extends unknown[]>(strings: TemplateStringsArray, ...values: Param[]): Promise<Rows> => {
    for (const v of values) {
      if (v !== null && typeof v !== "string" && typeof v !== "number" && typeof v !== "bigint") throw new TypeError(`hotRead: unsupported parameter type ${typeof v}`);
    }
    return readerFor(client).all(compile(strings), values) as Promise<Rows>;
  };
}

/**
 * hotRead for a read every request makes with its own parameters (the access read of each API
 * request), all of them strings. On PostgreSQL the calls made in one turn of the event loop go
 * to the database as one statement (see batchStatement), so under load a round trip, a system
 * call and a wake-up of a server process serve many requests instead of one; a lone call goes
 * by itself as hotRead would. Each call still reads the database after it was made, so it sees
 * every write committed before (a revocation included). For reads of at most one row per call,
 * or whose rows' order does not matter: a call's rows are not promised in ORDER BY's order.
 */
export function batchedHotRead<Rows extends unknown[]>(strings: TemplateStringsArray, ...values: string[]): Promise<Rows> {
  for (const v of values) {
    if (typeof v !== "string") throw new TypeError(`batchedHotRead: parameters are strings, not ${typeof v}`);
  }
  // a batch lines every call's parameters up by position
  if (values.length !== strings.length - 1) throw new TypeError(`batchedHotRead: ${values.length} parameters for a statement of ${strings.length - 1}`);
  const text = compile(strings);
  text.batch ??= batchStatement(strings);
  return readerFor(db()).batched(text, values) as Promise<Rows>;
}
