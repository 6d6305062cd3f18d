import { describe, expect, it } from "vitest";
import { makeUser } from "../../testing/factories";
import { databaseTarget, db, rawDate } from "./client";
import { hotRead, type Param } from "./hot-reads";
import { at, hotWrite, insertRows, sql } from "./hot-writes";
import { newRowId } from "./ids";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function orgId() {
  const owner = await makeUser("hw");
  const org = await db().organization.create({ data: { name: `hw-${newRowId().slice(0, 10).toLowerCase()}` } });
  return { owner, org: org.id };
}

function* insertSession(id: string, organizationId: string, userId: string, expiresAt: Date) {
  yield* sql`
    INSERT INTO "OpenSession" ("id", "organizationId", "revision", "userId", "valuesEncrypted", "createdAt", "expiresAt")
    VALUES (${id}, ${organizationId}, ${0}, ${userId}, ${"sealed"}, ${at(new Date())}, ${at(expiresAt)})`;
}

describe("hot writes", () => {
  it("store dates exactly as Prisma does: Prisma, hot reads and range queries agree", async () => {
    const { owner, org } = await orgId();
    const id = newRowId();
    const expiresAt = new Date(Date.UTC(2031, 0, 2, 3, 4, 5, 678));
    await hotWrite(() => insertSession(id, org, owner.userId, expiresAt));
    const row = await db().openSession.findUniqueOrThrow({ where: { id } });
    expect(row.expiresAt.toISOString()).toBe(expiresAt.toISOString());
    const [raw] = await hotRead<{ expiresAt: unknown }[]>`SELECT "expiresAt" FROM "OpenSession" WHERE "id" = ${id}`;
    expect(rawDate(raw.expiresAt)?.toISOString()).toBe(expiresAt.toISOString());
    // Prisma's own comparisons see it where it belongs (SQLite compares the stored text)
    expect(await db().openSession.count({ where: { id, expiresAt: { gt: new Date(expiresAt.getTime() - 1) } } })).toBe(1);
    expect(await db().openSession.count({ where: { id, expiresAt: { gt: expiresAt } } })).toBe(0);
  });

  it("insert many rows in one statement, and refuse rows of different widths", async () => {
    const { owner, org } = await orgId();
    const ids = Array.from({ length: 5 }, () => newRowId());
    const head = `INSERT INTO "OpenSession" ("id", "organizationId", "revision", "userId", "valuesEncrypted", "createdAt", "expiresAt") VALUES`;
    const row = (id: string): Param[] => [id, org, 0, owner.userId, "sealed", at(new Date()), at(new Date(Date.now() + 60_000))];
    await hotWrite(() => insertRows(head, ids.map(row)));
    expect(await db().openSession.count({ where: { id: { in: ids } } })).toBe(5);
    // the same count again reuses the prepared text; another count gets its own
    const more = [newRowId(), newRowId()];
    await hotWrite(() => insertRows(head, more.map(row)));
    expect(await db().openSession.count({ where: { id: { in: more } } })).toBe(2);
    await expect(hotWrite(() => insertRows(head, [row(newRowId()), row(newRowId()).slice(1)]))).rejects.toThrow("different widths");
  });

  it("roll back everything when the body throws", async () => {
    const { owner, org } = await orgId();
    const id = newRowId();
    await expect(
      hotWrite(function* () {
        yield* insertSession(id, org, owner.userId, new Date());
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await db().openSession.count({ where: { id } })).toBe(0);
    // the connection is usable afterwards
    await hotWrite(() => insertSession(id, org, owner.userId, new Date()));
    expect(await db().openSession.count({ where: { id } })).toBe(1);
  });

  it("wait, without blocking the thread, for a Prisma transaction that holds the database", async () => {
    const { owner, org } = await orgId();
    const id = newRowId();
    const order: string[] = [];
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const prisma = db().$transaction(async (tx) => {
      await tx.organization.update({ where: { id: org }, data: { auditRetentionDays: 30 } });
      await sleep(150); // holds SQLite's write lock across an await, as interactive transactions do
      order.push("prisma");
    });
    await sleep(20);
    const hot = hotWrite(() => insertSession(id, org, owner.userId, new Date())).then(() => order.push("hot"));
    await Promise.all([prisma, hot]);
    clearInterval(ticker);
    expect(await db().openSession.count({ where: { id } })).toBe(1);
    expect(ticks).toBeGreaterThan(5); // the event loop kept turning while the hot write waited
    // SQLite has one writer at a time; PostgreSQL locks rows, and these two touch different ones
    if (!databaseTarget(db()).databaseUrl) expect(order).toEqual(["prisma", "hot"]);
  });
});
