// Reads a live database's tables, columns, keys and rows with raw SQL, for the upgrade tests:
// they populate whatever schema a migration left behind, so they must learn it from the
// database itself rather than from hand-written fixtures that would go stale.
import Database from "better-sqlite3";
import pg from "pg";

/** Column types the row generator knows how to fill; anything else fails the test loudly. */
export type ValueKind = "text" | "integer" | "bigint" | "real" | "boolean" | "datetime" | "bytes" | "json" | "enum";

export interface Column {
  name: string;
  kind: ValueKind;
  nullable: boolean;
  /** enum labels (PostgreSQL enums) */
  labels?: string[];
}

export interface ForeignKey {
  columns: string[];
  table: string;
  references: string[];
  /** a unique index covers exactly these columns: each parent has at most one child */
  unique?: boolean;
}

const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c) => b.includes(c));

export interface Table {
  name: string;
  columns: Column[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
}

export type Row = Record<string, unknown>;

export interface IntrospectedDb {
  provider: "sqlite" | "postgresql";
  tables(): Promise<Table[]>;
  insert(table: string, row: Row): Promise<void>;
  /** Every row, values as the database's own text/number form, ordered by primary key. */
  rows(table: Table): Promise<Row[]>;
  close(): Promise<void>;
}

/** The runner's own bookkeeping is not application data. */
const isBookkeeping = (name: string) => name.startsWith("_ferry_") || name.startsWith("_prisma_");

function unknownType(provider: string, table: string, column: string, type: string): never {
  throw new Error(
    `${provider} column ${table}.${column} has type "${type}", which testing/upgrade does not know how to fill. Add it to the type table in testing/upgrade/introspect.ts.`,
  );
}

function sqliteKind(table: string, column: string, declared: string): ValueKind {
  const t = declared.toUpperCase();
  if (t === "TEXT" || t.startsWith("VARCHAR")) return "text";
  if (t === "INTEGER" || t === "INT") return "integer";
  if (t === "BIGINT") return "bigint";
  if (t === "REAL" || t === "DOUBLE" || t.startsWith("DECIMAL")) return "real";
  if (t === "BOOLEAN") return "boolean";
  if (t === "DATETIME") return "datetime";
  if (t === "BLOB") return "bytes";
  if (t === "JSONB" || t === "JSON") return "json";
  return unknownType("SQLite", table, column, declared);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const orderBy = (t: Table) => (t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name)).map(quote).join(", ");

export function openSqlite(file: string): IntrospectedDb {
  const db = new Database(file);
  return {
    provider: "sqlite",
    async tables() {
      const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
      return names
        .map((r) => r.name)
        .filter((n) => !isBookkeeping(n))
        .map((name) => {
          const info = db.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string; type: string; notnull: number; pk: number }[];
          const fks = db.prepare(`PRAGMA foreign_key_list(${quote(name)})`).all() as { id: number; seq: number; table: string; from: string; to: string }[];
          const byId = new Map<number, ForeignKey>();
          for (const fk of fks.sort((a, b) => a.id - b.id || a.seq - b.seq)) {
            const entry = byId.get(fk.id) ?? { columns: [], table: fk.table, references: [] };
            entry.columns.push(fk.from);
            entry.references.push(fk.to);
            byId.set(fk.id, entry);
          }
          const uniques = (db.prepare(`PRAGMA index_list(${quote(name)})`).all() as { name: string; unique: number }[])
            .filter((i) => i.unique)
            .map((i) => (db.prepare(`PRAGMA index_info(${quote(i.name)})`).all() as { name: string }[]).map((c) => c.name));
          for (const fk of byId.values()) fk.unique = uniques.some((u) => sameColumns(u, fk.columns));
          return {
            name,
            columns: info.map((c) => ({ name: c.name, kind: sqliteKind(name, c.name, c.type), nullable: c.notnull === 0 && c.pk === 0 })),
            primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
            foreignKeys: [...byId.values()],
          };
        });
    },
    async insert(table, row) {
      const cols = Object.keys(row);
      db.prepare(`INSERT INTO ${quote(table)} (${cols.map(quote).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`).run(...cols.map((c) => row[c]));
    },
    async rows(table) {
      return db.prepare(`SELECT * FROM ${quote(table.name)} ORDER BY ${orderBy(table)}`).all() as Row[];
    },
    async close() {
      db.close();
    },
  };
}

function postgresKind(table: string, column: string, dataType: string): ValueKind {
  switch (dataType) {
    case "text":
    case "character varying":
    case "character":
    case "uuid":
      return "text";
    case "integer":
    case "smallint":
      return "integer";
    case "bigint":
      return "bigint";
    case "double precision":
    case "real":
    case "numeric":
      return "real";
    case "boolean":
      return "boolean";
    case "timestamp without time zone":
    case "timestamp with time zone":
    case "date":
      return "datetime";
    case "bytea":
      return "bytes";
    case "json":
    case "jsonb":
      return "json";
    case "USER-DEFINED":
      return "enum";
    default:
      return unknownType("PostgreSQL", table, column, dataType);
  }
}

export async function openPostgres(url: string): Promise<IntrospectedDb> {
  // Every value comes back as the server's text form, so before/after compare exactly, with no
  // Date or number conversions in between that could hide a changed value.
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => (v: string) => v } });
  await client.connect();
  const q = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];
  return {
    provider: "postgresql",
    async tables() {
      const names = await q<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      const out: Table[] = [];
      for (const { table_name: name } of names.filter((r) => !isBookkeeping(r.table_name))) {
        const cols = await q<{ column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
          `SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
          [name],
        );
        // (arrays as JSON text: every value arrives as text, see the type parser above)
        const constraints = await q<{ contype: string; cols: string; ref_table: string | null; ref_cols: string | null }>(
          `SELECT c.contype,
                  (SELECT to_json(array_agg(a.attname ORDER BY k.ord)) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord)
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
                  (SELECT relname FROM pg_class WHERE oid = c.confrelid) AS ref_table,
                  (SELECT to_json(array_agg(a.attname ORDER BY k.ord)) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord)
                     JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS ref_cols
           FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype IN ('p', 'f') ORDER BY c.conname`,
          [quote(name)],
        );
        const columns: Column[] = [];
        for (const c of cols) {
          const kind = postgresKind(name, c.column_name, c.data_type);
          const labels =
            kind === "enum"
              ? (await q<{ enumlabel: string }>(`SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`, [c.udt_name])).map((r) => r.enumlabel)
              : undefined;
          if (kind === "enum" && !labels?.length) unknownType("PostgreSQL", name, c.column_name, c.udt_name);
          columns.push({ name: c.column_name, kind, nullable: c.is_nullable === "YES", labels });
        }
        const uniques = (
          await q<{ cols: string }>(
            `SELECT (SELECT to_json(array_agg(a.attname)) FROM unnest(i.indkey) k(n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n) AS cols
             FROM pg_index i WHERE i.indrelid = $1::regclass AND i.indisunique`,
            [quote(name)],
          )
        ).map((u) => JSON.parse(u.cols) as string[]);
        const pk = constraints.find((c) => c.contype === "p");
        const primaryKey: string[] = pk ? JSON.parse(pk.cols) : [];
        out.push({
          name,
          columns: columns.map((c) => ({ ...c, nullable: c.nullable && !primaryKey.includes(c.name) })),
          primaryKey,
          foreignKeys: constraints
            .filter((c) => c.contype === "f")
            .map((c) => {
              const fkColumns: string[] = JSON.parse(c.cols);
              return { columns: fkColumns, table: c.ref_table!, references: JSON.parse(c.ref_cols!), unique: uniques.some((u) => sameColumns(u, fkColumns)) };
            }),
        });
      }
      return out;
    },
    async insert(table, row) {
      const cols = Object.keys(row);
      await client.query(`INSERT INTO ${quote(table)} (${cols.map(quote).join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})`, cols.map((c) => row[c]));
    },
    async rows(table) {
      return q<Row>(`SELECT * FROM ${quote(table.name)} ORDER BY ${orderBy(table)}`);
    },
    async close() {
      await client.end();
    },
  };
}
