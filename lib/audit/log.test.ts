import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, addMember } from "../../testing/factories";
import { createEnvironment } from "../environments/environments";
import { openEnvironmentAs } from "../environments/evaluate";
import { createRunToken } from "../runs/run-tokens";
import { grantEnvironmentAccess } from "../access/grants";
import { db } from "../db/client";
import { csvLine, exportAuditEvents, listAuditEvents, type AuditEventDto } from "./log";

const audit = { via: "console" as const, address: "198.51.100.9", userAgent: "vitest" };

async function world() {
  const admin = await makeUser("admin");
  const member = await makeUser("member");
  const org = await makeOrg(admin);
  await addMember(admin, org, { email: member.email, role: "member" });
  const prod = await createEnvironment(admin, org, { project: "app", name: "prod" });
  return { admin, member, org, prod };
}

describe("audit log", () => {
  it("records a refused open and run token with who, where and what, and filters to them", async () => {
    const { admin, member, org, prod } = await world();
    await grantEnvironmentAccess(admin, prod, { user: member.email, permission: "reader" });
    await expect(openEnvironmentAs(member, prod, {}, audit)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createRunToken(member, prod, {}, { address: "198.51.100.10" })).rejects.toMatchObject({ code: "forbidden" });
    await openEnvironmentAs(admin, prod, {}, audit);

    const refused = await listAuditEvents(admin, org, { result: "refused" });
    expect(refused.events.map((e) => [e.action, e.actor, e.environment, e.address])).toEqual([
      ["run-token.create", member.email, "app/prod", "198.51.100.10"],
      ["environment.open", member.email, "app/prod", "198.51.100.9"],
    ]);
    const opens = await listAuditEvents(admin, org, { action: "environment.open", actor: member.email, environment: "app/prod" });
    expect(opens.events).toHaveLength(1);
    expect(opens.events[0]).toMatchObject({ result: "refused", detail: { needed: "opener", right: "reader", via: "console" } });
    expect((await listAuditEvents(admin, org, { actor: "nobody@example.com" })).events).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await listAuditEvents(admin, org, { from: future })).events).toEqual([]);
    expect((await listAuditEvents(admin, org, { to: future })).events.length).toBeGreaterThan(3);
  });

  it("pages newest first without gaps or repeats, even among events of the same instant", async () => {
    const { admin, org } = await world();
    const orgId = (await db().organization.findUniqueOrThrow({ where: { name: org } })).id;
    const at = new Date("2026-03-01T00:00:00Z");
    await db().auditEvent.createMany({
      data: Array.from({ length: 23 }, (_, i) => ({ organizationId: orgId, action: "x.same", target: `t${i}`, createdAt: i < 10 ? at : new Date(at.getTime() + i * 1000) })),
    });
    const seen: AuditEventDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEvents(admin, org, { action: "x.same" }, cursor, 4);
      expect(page.events.length).toBeLessThanOrEqual(4);
      seen.push(...page.events);
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen.map((e) => e.id)).size).toBe(23);
    const times = seen.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const exported: AuditEventDto[] = [];
    for await (const e of await exportAuditEvents(admin, org, { action: "x.same" })) exported.push(e);
    expect(exported.map((e) => e.id)).toEqual(seen.map((e) => e.id));
  });

  it("is for admins of the organization only, and refuses tokens and filters it did not make", async () => {
    const { admin, member, org } = await world();
    const stranger = await makeUser("stranger");
    await expect(listAuditEvents(member, org, {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(listAuditEvents(stranger, org, {})).rejects.toMatchObject({ code: "not_found" });
    await expect(exportAuditEvents(member, org, {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(listAuditEvents(admin, org, {}, "bm9wZQ")).rejects.toMatchObject({ code: "invalid_input" });
    await expect(listAuditEvents(admin, org, { result: "maybe" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(listAuditEvents(admin, org, { from: "yesterday" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("writes CSV cells a spreadsheet will not run as formulas", () => {
    const line = csvLine({ id: "1", at: "2026-01-01T00:00:00.000Z", actor: "=HYPERLINK(\"x\")", action: "a", target: "t,1", environment: null, result: "allowed", address: null, userAgent: null, detail: null });
    expect(line).toBe(`2026-01-01T00:00:00.000Z,"'=HYPERLINK(""x"")",a,"t,1",,allowed,,,\r\n`);
  });
});
