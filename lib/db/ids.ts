import "server-only";
import { uniqueBytes } from "../crypto/unique-bytes";

/**
 * A row id made before the row exists, shaped like Prisma's cuid() defaults ("c" and base-36
 * digits; here 128 random bits), for values that must be sealed with the id before the insert.
 */
export function newRowId(): string {
  const bits = uniqueBytes(16);
  return "c" + ((bits.readBigUInt64BE(0) << 64n) | bits.readBigUInt64BE(8)).toString(36).padStart(25, "0");
}
