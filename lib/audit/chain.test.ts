import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { recordAudit, recordAuditAlongside } from "./record";
import { sql } from "../db/hot-writes";
import { pruneAuditEvents, setAuditRetention, verifyAuditChain } from "./chain";

/** An organization with its own creation event and n more. */
async function orgWithEvents(n: number) {
  const admin = await makeUser("admin");
  const org = await makeOrg(admin);
  const organizationId = (await db().organization.findUniqueOrThrow({ where: { name: org } })).id;
  for (let i = 0; i < n; i++) await recordAudit({ organizationId, actorId: admin.userId, action: "test.event", target: `${org}/app/e${i}`, detail: { i } });
  const events = await db().auditEvent.findMany({ where: { organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { org, organizationId, events };
}

describe("audit hash chain", () => {
  it("links every event of an organization to the one before", async () => {
    const { organizationId, events } = await orgWithEvents(4);
    expect(events.every((e) => e.hash && e.prevHash !== null)).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    expect(await verifyAuditChain(organizationId)).toEqual({ organization: expect.any(String), events: events.length });
  });

  it("links a burst recorded in batches of many rows per INSERT, and later events after it", async () => {
    const { org, organizationId } = await orgWithEvents(0);
    const admin = await makeUser("burst");
    // issued together: group commits of up to 256 events, each inserted by one statement
    await Promise.all(Array.from({ length: 300 }, (_, i) => recordAudit({ organizationId, actorId: admin.userId, action: "test.burst", target: `${org}/app/b${i}` })));
    await recordAudit({ organizationId, actorId: admin.userId, action: "test.after", target: `${org}/app/after` });
    const events = await db().auditEvent.findMany({ where: { organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(events.filter((e) => e.action === "test.burst")).toHaveLength(300);
    expect(events.at(-1)?.action).toBe("test.after");
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    expect(await verifyAuditChain(organizationId)).toEqual({ organization: expect.any(String), events: events.length });
  });

  it("finds an edited row", async () => {
    const { organizationId, events } = await orgWithEvents(4);
    const victim = events[2];
    await db().$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorId" = NULL WHERE "id" = '${victim.id}'`);
    const report = await verifyAuditChain(organizationId);
    expect(report.broken).toMatchObject({ eventId: victim.id, problem: expect.stringContaining("edited") });
    expect(report.events).toBe(2);
  });

  it("finds a deleted row, an inserted row and missing newest rows", async () => {
    const deleted = await orgWithEvents(4);
    await db().auditEvent.delete({ where: { id: deleted.events[1].id } });
    expect((await verifyAuditChain(deleted.organizationId)).broken).toMatchObject({ eventId: deleted.events[2].id, problem: expect.stringContaining("removed") });

    const truncated = await orgWithEvents(3);
    await db().auditEvent.delete({ where: { id: truncated.events.at(-1)!.id } });
    expect((await verifyAuditChain(truncated.organizationId)).broken).toMatchObject({ eventId: null, problem: expect.stringContaining("newest events are missing") });

    const inserted = await orgWithEvents(2);
    await db().auditEvent.create({ data: { organizationId: inserted.organizationId, action: "forged", target: "x", createdAt: new Date() } });
    expect((await verifyAuditChain(inserted.organizationId)).broken).toMatchObject({ problem: expect.stringContaining("has no hash") });
  });

  it("does not fork when many appends race", async () => {
    const { organizationId } = await orgWithEvents(1);
    await Promise.all(Array.from({ length: 25 }, (_, i) => recordAudit({ organizationId, action: "race", target: `t${i}` })));
    expect(await verifyAuditChain(organizationId)).toEqual({ organization: expect.any(String), events: 27 });
  });

  it("keeps the chain verifiable after pruning past the retention", async () => {
    const { org, organizationId, events } = await orgWithEvents(5); // six with the creation
    expect(await pruneAuditEvents(organizationId)).toBe(0); // forever by default
    await setAuditRetention(org, 1);
    // as if a day after the third event: the first three go
    const now = new Date(events[2].createdAt.getTime() + 1 + 86_400_000);
    expect(await pruneAuditEvents(organizationId, now)).toBe(3);
    expect(await verifyAuditChain(organizationId)).toEqual({ organization: expect.any(String), events: 3 });
    await recordAudit({ organizationId, action: "after.prune", target: "x" });
    expect(await verifyAuditChain(organizationId)).toEqual({ organization: expect.any(String), events: 4 });
    // removing the oldest kept event is still found
    await db().auditEvent.delete({ where: { id: events[3].id } });
    expect((await verifyAuditChain(organizationId)).broken).toMatchObject({ eventId: events[4].id });
  });
});

describe("batched appends", () => {
  it("keeps every organization's chain intact under concurrent appends", async () => {
    const admin = await makeUser("burst");
    const orgs = [await makeOrg(admin), await makeOrg(admin)];
    const ids = await Promise.all(orgs.map(async (name) => (await db().organization.findUniqueOrThrow({ where: { name } })).id));
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => recordAudit({ organizationId: ids[i % 2], actorId: admin.userId, action: "test.burst", target: `${orgs[i % 2]}/app/e${i}`, detail: { i } })),
    );
    for (const organizationId of ids) {
      expect(await db().auditEvent.count({ where: { organizationId, action: "test.burst" } })).toBe(30);
      expect((await verifyAuditChain(organizationId)).broken).toBeUndefined();
    }
  });
});

describe("events recorded alongside a caller's rows", () => {
  it("commit with them or not at all, and the chain stays intact either way", async () => {
    const admin = await makeUser("alongside");
    const org = await makeOrg(admin);
    const organizationId = (await db().organization.findUniqueOrThrow({ where: { name: org } })).id;
    const entry = (i: number) => ({ organizationId, actorId: admin.userId, action: "test.alongside", target: `${org}/app/e${i}` });
    await recordAuditAlongside(entry(1), function* () {
      yield* sql`UPDATE "Organization" SET "auditRetentionDays" = ${400} WHERE "id" = ${organizationId}`;
    });
    await expect(
      recordAuditAlongside(entry(2), function* () {
        yield* sql`UPDATE "Organization" SET "auditRetentionDays" = ${500} WHERE "id" = ${organizationId}`;
        throw new Error("the caller's rows failed");
      }),
    ).rejects.toThrow("the caller's rows failed");
    expect((await db().auditEvent.findMany({ where: { organizationId, action: "test.alongside" } })).map((e) => e.target)).toEqual([`${org}/app/e1`]);
    expect((await db().organization.findUniqueOrThrow({ where: { id: organizationId } })).auditRetentionDays).toBe(400);
    expect((await verifyAuditChain(organizationId)).broken).toBeUndefined();
  });
});
