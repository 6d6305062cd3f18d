// Generates rows for every table of an introspected schema: parents before children, every
// foreign key pointing at a real parent row, every column filled with a value of its type that
// is distinct per row (so unique constraints hold and a swapped or lost value shows), and the
// nullable columns of the last row left NULL (so NULLs are checked too).
import type { Column, Row, Table } from "./introspect";

/** Rows per table: with two parents per child, every parent has several children. */
export const ROWS_PER_TABLE = 4;

/** Orders tables so that every table comes after the tables it references. */
export function parentsFirst(tables: Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Table[] = [];
  const visit = (t: Table) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`Tables reference each other in a cycle through ${t.name}; the upgrade test cannot order them.`);
    visiting.add(t.name);
    for (const fk of t.foreignKeys) {
      const parent = byName.get(fk.table);
      if (!parent) throw new Error(`${t.name} references ${fk.table}, which does not exist.`);
      if (parent !== t) visit(parent);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

function value(provider: "sqlite" | "postgresql", table: Table, column: Column, columnIndex: number, i: number): unknown {
  const n = columnIndex * 100 + i + 1;
  switch (column.kind) {
    case "text":
      return `${table.name}.${column.name}.${i}`;
    case "integer":
      return n;
    case "bigint":
      return provider === "sqlite" ? n : String(9_000_000_000 + n);
    case "real":
      return n + 0.25;
    case "boolean":
      // alternate per row, so a migration that resets a flag shows
      return provider === "sqlite" ? i % 2 : i % 2 === 1;
    case "datetime": {
      const at = new Date(Date.UTC(2024, columnIndex % 12, 1 + i, 3, 4, 5, 678));
      // the text forms the Prisma adapters themselves write
      return provider === "sqlite" ? at.toISOString().replace("Z", "+00:00") : at.toISOString().replace("T", " ").replace("Z", "");
    }
    case "bytes":
      return Buffer.from(`${table.name}.${column.name}.${i}`);
    case "json":
      return JSON.stringify({ table: table.name, column: column.name, row: i });
    case "enum":
      return column.labels![i % column.labels!.length];
  }
}

/**
 * Rows for `table`, given the rows already generated for its parents. The first foreign key of
 * row i points at parent row i (mod the parents), foreign key k > 0 at parent row ⌊i / 2^k⌋ mod 2:
 * unique single keys and unique (a, b) link tables hold, and every parent has children.
 */
export function rowsFor(provider: "sqlite" | "postgresql", table: Table, parents: Map<string, Row[]>): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < ROWS_PER_TABLE; i++) {
    const row: Row = {};
    table.columns.forEach((c, ci) => {
      row[c.name] = c.nullable && i === ROWS_PER_TABLE - 1 ? null : value(provider, table, c, ci, i);
    });
    table.foreignKeys.forEach((fk, k) => {
      if (fk.columns.every((c) => row[c] === null)) return;
      const candidates = fk.table === table.name ? [row] : parents.get(fk.table) ?? [];
      if (candidates.length === 0) throw new Error(`${table.name} needs a ${fk.table} row, but none was generated.`);
      // The first key spreads over every parent, so a unique foreign key (one data key per
      // organization, say) holds; later keys alternate between two, so every parent has children.
      const parent = k === 0 ? candidates[i % candidates.length] : candidates[Math.floor(i / 2 ** k) % Math.min(2, candidates.length)];
      fk.columns.forEach((c, j) => (row[c] = parent[fk.references[j]]));
    });
    rows.push(row);
  }
  return rows;
}
