// Upgrades keep data, for every migration there is and every one added later: for each
// migration N, a database is brought to N−1, every table it has is filled (rows derived from
// the live schema, foreign keys honoured), then it is migrated to the newest schema and every
// row and value must still be there, readable by today's Prisma client.
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { createDb } from "./client";
import { migrate, readMigrations } from "./migrate";
import { Prisma } from "./generated/sqlite/client";
import { freshDatabase } from "../../testing/fresh-database";
import { openPostgres, openSqlite, type IntrospectedDb, type Row, type Table } from "../../testing/upgrade/introspect";
import { parentsFirst, rowsFor } from "../../testing/upgrade/rows";

const provider = process.env.FERRY_TEST_DB === "postgres" ? "postgresql" : "sqlite";
const migrations = readMigrations(provider);

/**
 * Tables or columns a migration removes on purpose, as "Table" or "Table.column", keyed by the
 * migration's folder name.
 */
const INTENDED_REMOVALS: Record<string, string[]> = {
  // its rows become AccessGrant rows (lib/access/grants-upgrade.test.ts checks they do)
  "0006_access_grants_teams": ["EnvironmentPermission"],
};

const open = (fresh: Awaited<ReturnType<typeof freshDatabase>>): Promise<IntrospectedDb> =>
  fresh.target.databaseUrl ? openPostgres(fresh.target.databaseUrl) : Promise.resolve(openSqlite(fresh.target.sqlitePath));

const keyOf = (table: Table, row: Row) => JSON.stringify((table.primaryKey.length ? table.primaryKey : Object.keys(row)).map((c) => row[c]));

async function snapshot(db: IntrospectedDb, tables: Table[]): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  for (const t of tables) out.set(t.name, await db.rows(t));
  return out;
}

describe(`upgrades (${provider})`, () => {
  it("has at least two migrations to upgrade between", () => {
    expect(migrations.length).toBeGreaterThanOrEqual(2);
  });

  it.each(migrations.slice(1).map((m, i) => [migrations[i].name, m.name] as const))(
    "a database populated at %s keeps every row and value when upgraded through %s",
    async (previous, next) => {
      const fresh = await freshDatabase("upgrade");
      try {
        await migrate(fresh.target, { upTo: previous });
        const db = await open(fresh);
        let tablesBefore: Table[];
        let before: Map<string, Row[]>;
        try {
          tablesBefore = parentsFirst(await db.tables());
          const generated = new Map<string, Row[]>();
          for (const table of tablesBefore) {
            const rows = rowsFor(provider, table, generated);
            for (const row of rows) await db.insert(table.name, row);
            generated.set(table.name, rows);
          }
          before = await snapshot(db, tablesBefore);
        } finally {
          await db.close();
        }

        const backups: string[] = [];
        const applied = await migrate(fresh.target, { onBackup: (file) => backups.push(file) });
        expect(applied[0]).toBe(next);
        expect(applied).toEqual(migrations.slice(migrations.findIndex((m) => m.name === next)).map((m) => m.name));

        const removals = new Set(migrations.slice(migrations.findIndex((m) => m.name === next)).flatMap((m) => INTENDED_REMOVALS[m.name] ?? []));
        const dbAfter = await open(fresh);
        const counts: string[] = [];
        const problems: string[] = [];
        try {
          const tablesAfter = new Map((await dbAfter.tables()).map((t) => [t.name, t]));
          for (const table of tablesBefore) {
            const rowsBefore = before.get(table.name)!;
            const tableAfter = tablesAfter.get(table.name);
            if (!tableAfter) {
              if (!removals.has(table.name)) problems.push(`table ${table.name} is gone`);
              counts.push(`${table.name} ${rowsBefore.length}→dropped`);
              continue;
            }
            const rowsAfter = await dbAfter.rows(tableAfter);
            counts.push(`${table.name} ${rowsBefore.length}→${rowsAfter.length}`);
            const afterByKey = new Map(rowsAfter.map((r) => [keyOf(table, r), r]));
            const columnsAfter = new Set(tableAfter.columns.map((c) => c.name));
            for (const row of rowsBefore) {
              const found = afterByKey.get(keyOf(table, row));
              if (!found) {
                problems.push(`${table.name} row ${keyOf(table, row)} is gone`);
                continue;
              }
              for (const [column, value] of Object.entries(row)) {
                if (!columnsAfter.has(column)) {
                  if (!removals.has(`${table.name}.${column}`)) problems.push(`column ${table.name}.${column} is gone`);
                } else if (!isDeepStrictEqual(found[column], value)) {
                  problems.push(`${table.name}.${column} of row ${keyOf(table, row)} was ${JSON.stringify(value)}, is ${JSON.stringify(found[column])}`);
                }
              }
            }
          }
        } finally {
          await dbAfter.close();
        }
        console.log(`${provider} upgrade ${previous} → ${applied.at(-1)}: ${counts.join(", ")}`);
        expect([...new Set(problems)]).toEqual([]);

        // On SQLite the runner copied the database first; the copy holds exactly the old rows.
        expect(backups.length).toBe(provider === "sqlite" ? 1 : 0);
        if (backups[0]) {
          expect(backups[0]).toContain(`-before-${next}`);
          const copy = openSqlite(backups[0]);
          try {
            expect(await snapshot(copy, tablesBefore)).toEqual(before);
          } finally {
            await copy.close();
          }
        }

        // Today's client reads every row of every model (dates, numbers and nulls decode).
        const client = createDb(fresh.target);
        try {
          for (const model of Object.values(Prisma.ModelName)) {
            const delegate = (client as unknown as Record<string, { findMany(): Promise<unknown[]> }>)[model[0].toLowerCase() + model.slice(1)];
            const rows = await delegate.findMany();
            expect(rows.length, `${model} rows read by the Prisma client`).toBe(before.get(model)?.length ?? rows.length);
          }
        } finally {
          await client.$disconnect();
        }
      } finally {
        await fresh.drop();
      }
    },
  );
});
