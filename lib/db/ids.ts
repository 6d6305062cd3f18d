import "server-only";
import { uniqueBytes } from "../crypto/unique-bytes";

/**
 * A row id made before the row exists, shaped like Prisma's cuid() defaults: "c", the time in
 * milliseconds (9 base-36 digits) and 15 random base-36 digits (77 bits), 25 characters.
 *
 * Why time first, as cuid does: ids made one after another sort together, so a batch's inserts
 * land on the last pages of the primary key's B-tree. With fully random ids every insert touched
 * a page of its own: profiling opens under load (bench/api.ts) measured ~1 MB of SQLite WAL per
 * group commit of ~45 opens, most of it index pages rewritten for one row each.
 * None of these ids is a secret: every row they name is read only after authorization.
 */
export function newRowId(): string {
  const random = uniqueBytes(10);
  const bits = (random.readBigUInt64BE(0) << 16n) | BigInt(random.readUInt16BE(8));
  return "c" + Date.now().toString(36).padStart(9, "0") + (bits % RANDOM_RANGE).toString(36).padStart(15, "0");
}

const RANDOM_RANGE = 36n ** 15n;
