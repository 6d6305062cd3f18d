import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { escValueToJson } from "../esc";
import { makeOrg, makeUser, grantOnEnvironment, addMember } from "../../testing/factories";
import { createEnvironment, saveDefinition } from "./environments";
import { revealComparisonAs } from "./compare";

const audit = { via: "console" as const, address: "192.0.2.8", userAgent: "vitest" };

describe("revealing a comparison", () => {
  it("decrypts both revisions for an opener and records one audit event naming both", async () => {
    const owner = await makeUser("owner");
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "cmp", yaml: "values:\n  pw:\n    fn::secret: first-secret\n" });
    await saveDefinition(owner, ref, { yaml: "values:\n  pw:\n    fn::secret: second-secret\n" });
    const before = await db().auditEvent.count({ where: { action: "environment.reveal", actorId: owner.userId } });

    const [a, b] = await revealComparisonAs(owner, ref, ["1", "2"], audit);
    expect(escValueToJson(a.properties.pw, false)).toBe("first-secret");
    expect(escValueToJson(b.properties.pw, false)).toBe("second-secret");
    const events = await db().auditEvent.findMany({ where: { action: "environment.reveal", actorId: owner.userId }, orderBy: { createdAt: "asc" } });
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ target: `${org}/default/cmp`, address: "192.0.2.8", userAgent: "vitest" });
    expect(JSON.parse(events.at(-1)!.detail!)).toEqual({ revisions: [1, 2], via: "console", compare: true });
  });

  it("refuses readers and outsiders, and records nothing for them", async () => {
    const owner = await makeUser("owner");
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "cmp", yaml: "values:\n  pw:\n    fn::secret: s3cret\n" });
    const reader = await makeUser("reader");
    await addMember(owner, org, { email: reader.email, role: "member" });
    const env = await db().environment.findFirstOrThrow({ where: { name: "cmp", organization: { name: org } } });
    await grantOnEnvironment(env.id, reader.userId, "reader");
    const outsider = await makeUser("outsider");

    await expect(revealComparisonAs(reader, ref, ["1", "1"], audit)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revealComparisonAs(outsider, ref, ["1", "1"], audit)).rejects.toMatchObject({ code: "not_found" });
    expect(await db().auditEvent.count({ where: { action: "environment.reveal", actorId: { in: [reader.userId, outsider.userId] } } })).toBe(0);
  });
});
