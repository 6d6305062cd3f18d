// Serializing transactions on one row, on either database. PostgreSQL: SELECT … FOR UPDATE,
// which holds the row until commit, so a second transaction waits and then reads what the
// first wrote (READ COMMITTED takes a fresh snapshot per statement). SQLite has no row locks
// and no FOR UPDATE: a write as the first statement takes the database's single write lock
// for the rest of the transaction (waiting out another process's writer on the busy timeout),
// and within one process the driver adapter already runs one transaction at a time.
import "server-only";
import { config } from "../config";
import type { Db } from "./client";

type Tx = Pick<Db, "$executeRawUnsafe">;

/** Tables serialized this way; a closed set, so the name can go into SQL as it is. */
const LOCKABLE = { Organization: "name" } as const;

/** Call first in an interactive transaction; it returns once no other transaction holds the row. */
export async function lockRow(tx: Tx, table: keyof typeof LOCKABLE, id: string): Promise<void> {
  if (config().databaseUrl) {
    await tx.$executeRawUnsafe(`SELECT 1 FROM "${table}" WHERE "id" = $1 FOR UPDATE`, id);
  } else {
    const column = LOCKABLE[table];
    await tx.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = "${column}" WHERE "id" = ?`, id);
  }
}
