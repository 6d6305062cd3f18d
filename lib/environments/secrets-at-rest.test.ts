import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { config } from "../config";
import { makeOrg, makeUser } from "../../testing/factories";
import { createEnvironment, saveDefinition } from "./environments";
import { openEnvironmentAs } from "./evaluate";

/** Every row of every table, as text (PostgreSQL), or the raw database files (SQLite). */
async function everythingStored(): Promise<Buffer> {
  if (config().databaseUrl) {
    const tables = await db().$queryRaw<{ tablename: string }[]>`SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public'`;
    const parts: string[] = [];
    for (const { tablename } of tables) {
      const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${tablename}" t`);
      parts.push(...rows.map((r) => r.row));
    }
    return Buffer.from(parts.join("\n"));
  }
  const files = [config().sqlitePath, `${config().sqlitePath}-wal`].filter(existsSync);
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

describe("secrets at rest", () => {
  it("keeps plaintext secrets out of every table, audit log included, while opening still decrypts them", async () => {
    const plaintext = `planted-${randomBytes(8).toString("hex")}`;
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "vault", yaml: `values:\n  first:\n    fn::secret: ${plaintext}-1\n` });
    await saveDefinition(owner, ref, { yaml: `values:\n  pw:\n    fn::secret: ${plaintext}\n`, message: "rotate" });
    const opened = await openEnvironmentAs(owner, ref, {}, { via: "api" });
    expect(opened.properties.pw.value).toBe(plaintext);
    const stored = await everythingStored();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.includes(Buffer.from(plaintext))).toBe(false);
  });
});
