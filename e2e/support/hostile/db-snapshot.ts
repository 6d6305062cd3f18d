// Every row of every table of the console's SQLite database, to prove that a refused request
// changed nothing. Read through a read-only connection while the server keeps running (WAL mode
// lets readers see every committed write).
import Database from "better-sqlite3";
import path from "node:path";
import { E2E_DATA_DIR } from "../paths";

/**
 * What a refused request may change on purpose, and why:
 *  - AccessToken.lastUsedAt: a valid token is marked used (at most once a minute) before the
 *    route refuses what it asked for; it is a hint for humans, not data.
 *  - RunTokenAttempt: every redemption attempt of a known run token is recorded, refused ones
 *    included, so the console can show who tried a used or revoked token and from where.
 *  - SignInThrottle: failed sign-ins are counted, which is what throttling is.
 */
const IGNORED_TABLES = new Set(["_prisma_migrations", "RunTokenAttempt", "SignInThrottle"]);
const IGNORED_COLUMNS: Record<string, string[]> = { AccessToken: ["lastUsedAt"] };

export type Snapshot = Map<string, string[]>;

export function snapshotDatabase(file = path.join(E2E_DATA_DIR, "ferry.db")): Snapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    const snap: Snapshot = new Map();
    for (const { name } of tables) {
      if (IGNORED_TABLES.has(name)) continue;
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      const ignored = IGNORED_COLUMNS[name] ?? [];
      snap.set(name, rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !ignored.includes(k)))).sort());
    }
    return snap;
  } finally {
    db.close();
  }
}

/** A readable account of what changed between two snapshots; empty when nothing did. */
export function describeChanges(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = new Set(before.get(table) ?? []);
    const b = new Set(after.get(table) ?? []);
    const added = [...b].filter((r) => !a.has(r));
    const removed = [...a].filter((r) => !b.has(r));
    if (added.length || removed.length) out.push(`${table}: +${added.length} -${removed.length} ${(added[0] ?? removed[0]).slice(0, 300)}`);
  }
  return out;
}
