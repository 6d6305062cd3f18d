/** Prisma's "unique constraint failed" (P2002), the same from both databases' adapters. */
import "server-only";
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
