import "server-only";
import { randomBytes } from "node:crypto";

/**
 * A row id made before the row exists, shaped like Prisma's cuid() defaults ("c" and base-36
 * digits; here 128 random bits), for values that must be sealed with the id before the insert.
 */
export function newRowId(): string {
  return "c" + BigInt("0x" + randomBytes(16).toString("hex")).toString(36).padStart(25, "0");
}
