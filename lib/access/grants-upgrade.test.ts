// Migration 0004 turns the per-environment user rows into AccessGrant rows that mean the same:
// a member narrowed to reader before the upgrade is still a reader after it.
import { expect, it } from "vitest";
import { createDb } from "../db/client";
import { migrate } from "../db/migrate";
import { freshDatabase } from "../../testing/fresh-database";
import { openPostgres, openSqlite } from "../../testing/upgrade/introspect";

it("keeps every per-environment permission as a grant on that environment", async () => {
  const fresh = await freshDatabase("grants");
  try {
    await migrate(fresh.target, { upTo: "0003_key_hierarchy" });
    const raw = fresh.target.databaseUrl ? await openPostgres(fresh.target.databaseUrl) : openSqlite(fresh.target.sqlitePath);
    const at = new Date("2026-01-02T03:04:05.000Z");
    const ts = fresh.provider === "sqlite" ? at.getTime() : at;
    try {
      await raw.insert("User", { id: "u1", email: "a@example.com", passwordHash: "x", createdAt: ts });
      await raw.insert("Organization", { id: "o1", name: "acme", createdAt: ts, oidcSubjectFormat: "ferry" });
      await raw.insert("Membership", { id: "m1", organizationId: "o1", userId: "u1", role: "member", createdAt: ts });
      await raw.insert("Environment", { id: "e1", organizationId: "o1", project: "app", name: "prod", headRevision: 1, createdAt: ts, updatedAt: ts });
      await raw.insert("EnvironmentPermission", { id: "p1", environmentId: "e1", userId: "u1", permission: "reader", createdAt: ts });
    } finally {
      await raw.close();
    }
    await migrate(fresh.target);
    const client = createDb(fresh.target);
    try {
      expect(await client.accessGrant.findMany()).toEqual([
        expect.objectContaining({
          id: "p1", organizationId: "o1", project: "app", environmentId: "e1", userId: "u1", teamId: null,
          scope: "env:e1", subject: "user:u1", permission: "reader", createdAt: at,
        }),
      ]);
      expect((await client.organization.findUniqueOrThrow({ where: { id: "o1" } })).defaultPermission).toBe("write");
    } finally {
      await client.$disconnect();
    }
  } finally {
    await fresh.drop();
  }
});
