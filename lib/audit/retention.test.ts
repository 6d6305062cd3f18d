import { describe, expect, it } from "vitest";
import { addMember, makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { pruneAuditEvents } from "./chain";
import { getAuditRetention, setAuditRetentionDays } from "./retention";

describe("audit retention setting", () => {
  it("defaults to forever; admins set it, validated and audited; pruning uses it", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member");
    const outsider = await makeUser("outsider");
    const org = await makeOrg(admin);
    await addMember(admin, org, { email: member.email, role: "member" });
    expect(await getAuditRetention(admin, org)).toEqual({ days: null, canChange: true });
    expect(await getAuditRetention(member, org)).toEqual({ days: null, canChange: false });
    await expect(setAuditRetentionDays(member, org, { days: "30" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setAuditRetentionDays(outsider, org, { days: "30" })).rejects.toMatchObject({ code: "not_found" });
    for (const days of ["0", "-1", "1.5", "36501", "ten", "1e3", " 3 0"]) {
      await expect(setAuditRetentionDays(admin, org, { days })).rejects.toMatchObject({ code: "invalid_input", fields: { days: expect.stringMatching(/1 to 36500/) } });
    }
    await expect(setAuditRetentionDays(admin, org, { days: { $gt: 1 } })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await setAuditRetentionDays(admin, org, { days: " 30 " })).toBe(30);
    expect((await getAuditRetention(member, org)).days).toBe(30);

    const { id } = await db().organization.findUniqueOrThrow({ where: { name: org } });
    const events = await db().auditEvent.findMany({ where: { organizationId: id, action: "organization.audit-retention" } });
    expect(events.map((e) => JSON.parse(e.detail!))).toEqual([{ days: 30, previous: null }]);

    // 31 days from now, everything recorded so far is past a 30-day retention
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect(await pruneAuditEvents(id, later)).toBeGreaterThan(0);
    expect(await setAuditRetentionDays(admin, org, { days: "forever" })).toBeNull();
    expect(await pruneAuditEvents(id, new Date(Date.now() + 100 * 86_400_000))).toBe(0);
    expect(await setAuditRetentionDays(admin, org, { days: "" })).toBeNull();
  });
});
