import { describe, expect, it } from "vitest";
import { addMember, grantOnEnvironment, makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { getDecryptedDefinition, saveCheckedDefinition } from "./definitions";
import { createEnvironment, deleteEnvironment, getEnvironment } from "./environments";
import { setTag } from "./tags";

const envId = async (org: string, name: string) => (await db().environment.findFirstOrThrow({ where: { name, organization: { name: org } } })).id;

describe("definition policy in the environments domain", () => {
  it("the checked save refuses a definition with errors and stores nothing; a clean one is saved", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "dev" });
    const bad = await saveCheckedDefinition(owner, ref, { yaml: "values:\n  a: ${nope}\n" });
    expect(bad).toMatchObject({ ok: false, diagnostics: [expect.objectContaining({ severity: "error" })] });
    expect((await getEnvironment(owner, ref)).headRevision).toBe(1);
    const good = await saveCheckedDefinition(owner, ref, { yaml: "values:\n  a: 1\n", baseRevision: 1, message: "one" });
    expect(good).toMatchObject({ ok: true, revision: { number: 2, message: "one" } });
    await expect(saveCheckedDefinition(owner, ref, { yaml: "values:\n  a: 2\n", baseRevision: 1 })).rejects.toMatchObject({ code: "conflict" });
  });

  it("the checked save asks for the edit right before it evaluates anything", async () => {
    const owner = await makeUser();
    const reader = await makeUser();
    const org = await makeOrg(owner);
    await addMember(owner, org, { email: reader.email, role: "member" });
    const ref = await createEnvironment(owner, org, { name: "dev" });
    await grantOnEnvironment(await envId(org, "dev"), reader.userId, "reader");
    await expect(saveCheckedDefinition(reader, ref, { yaml: "values:\n  a: ${nope}\n" })).rejects.toMatchObject({ code: "forbidden" });
    const stranger = await makeUser();
    await expect(saveCheckedDefinition(stranger, ref, { yaml: "values: {}\n" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("decrypts for openers at a version, audits it, and refuses readers and malformed versions", async () => {
    const owner = await makeUser();
    const reader = await makeUser();
    const org = await makeOrg(owner);
    await addMember(owner, org, { email: reader.email, role: "member" });
    const ref = await createEnvironment(owner, org, { name: "dev", yaml: "values:\n  pw:\n    fn::secret: hunter22\n" });
    await setTag(owner, ref, { name: "stable", revision: 1 });
    const stored = await getEnvironment(owner, ref);
    expect(stored.yaml).not.toContain("hunter22");
    for (const version of [undefined, "1", "stable", "latest"]) {
      expect(await getDecryptedDefinition(owner, ref, { address: "192.0.2.1" }, version)).toMatchObject({ revision: 1, yaml: expect.stringContaining("hunter22") });
    }
    expect(await db().auditEvent.count({ where: { action: "environment.decrypt", target: `${org}/default/dev`, address: "192.0.2.1" } })).toBe(4);
    await expect(getDecryptedDefinition(owner, ref, {}, "../x")).rejects.toMatchObject({ code: "not_found" });
    await expect(getDecryptedDefinition(owner, ref, {}, "7")).rejects.toMatchObject({ code: "not_found" });
    await grantOnEnvironment(await envId(org, "dev"), reader.userId, "reader");
    await expect(getDecryptedDefinition(reader, ref, {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("the REST delete needs the admin right and no typed confirmation", async () => {
    const owner = await makeUser();
    const member = await makeUser();
    const org = await makeOrg(owner);
    await addMember(owner, org, { email: member.email, role: "member" });
    const ref = await createEnvironment(owner, org, { name: "dev" });
    await expect(deleteEnvironment(member, ref)).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });
    await deleteEnvironment(owner, ref);
    await expect(getEnvironment(owner, ref)).rejects.toMatchObject({ code: "not_found" });
  });
});
