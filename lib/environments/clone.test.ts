import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, addMember } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment, getEnvironment, listRevisions, saveDefinition } from "./environments";
import { cloneEnvironment } from "./clone";
import { revealEnvironmentAs } from "./evaluate";
import { listTags, setTag } from "./tags";
import { grantEnvironmentAccess } from "../access/grants";

const audit = { via: "api" as const };
const secretDef = (s: string) => `values:\n  db:\n    fn::secret: ${s}\n`;

async function sourceWithHistory() {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const source = await createEnvironment(owner, org, { name: "prod", yaml: secretDef("first") });
  await saveDefinition(owner, source, { yaml: secretDef("second"), message: "rotate" });
  await saveDefinition(owner, source, { yaml: secretDef("third"), message: "rotate again" });
  await setTag(owner, source, { name: "stable", revision: 2 });
  return { owner, org, source };
}

describe("cloning an environment", () => {
  it("copies the definition re-sealed for the clone: it opens there, with different ciphertexts", async () => {
    const { owner, source } = await sourceWithHistory();
    const clone = await cloneEnvironment(owner, source, { name: "staging" });
    expect(clone).toMatchObject({ project: source.project, name: "staging" });
    const copied = await getEnvironment(owner, clone);
    expect(copied.headRevision).toBe(1);
    expect(copied.yaml).not.toContain("third");
    const sourceCipher = (await getEnvironment(owner, source)).yaml.match(/ciphertext: (\S+)/)![1];
    expect(copied.yaml).not.toContain(sourceCipher);
    expect((await revealEnvironmentAs(owner, clone, {}, audit)).properties.db.value).toBe("third");
    expect(await db().auditEvent.count({ where: { action: "environment.clone" } })).toBeGreaterThan(0);
  });

  it("preserves history up to a version, revision tags and access grants when asked", async () => {
    const { owner, org, source } = await sourceWithHistory();
    const teammate = await makeUser("teammate");
    await addMember(owner, org, { email: teammate.email, role: "member" });
    await grantEnvironmentAccess(owner, source, { user: teammate.email, permission: "reader" });

    const clone = await cloneEnvironment(owner, source, { project: "copies", name: "prod-history", version: 2, preserveHistory: true, preserveRevisionTags: true, preserveAccess: true });
    const revisions = await listRevisions(owner, clone);
    expect(revisions.map((r) => [r.number, r.message])).toEqual([
      [2, "rotate"],
      [1, "Created"],
    ]);
    for (const [version, plain] of [["1", "first"], ["2", "second"]]) {
      expect((await revealEnvironmentAs(owner, clone, { version }, audit)).properties.db.value).toBe(plain);
    }
    expect((await listTags(owner, clone)).map((t) => [t.name, t.revision])).toEqual([
      ["latest", 2],
      ["stable", 2],
    ]);
    const cloneEnv = await db().environment.findFirstOrThrow({ where: { name: "prod-history", organization: { name: org } } });
    expect(await db().accessGrant.findMany({ where: { environmentId: cloneEnv.id }, select: { userId: true, permission: true, scope: true } })).toEqual([{ userId: teammate.userId, permission: "reader", scope: `env:${cloneEnv.id}` }]);
  });

  it("needs the open right on the source; refuses existing names, unknown options and missing revisions, leaving nothing behind", async () => {
    const { owner, org, source } = await sourceWithHistory();
    const reader = await makeUser("reader");
    await addMember(owner, org, { email: reader.email, role: "member" });
    await grantEnvironmentAccess(owner, source, { user: reader.email, permission: "reader" });
    const before = await db().environment.count();

    await expect(cloneEnvironment(reader, source, { name: "mine" })).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });
    await expect(cloneEnvironment(await makeUser("stranger"), source, { name: "mine" })).rejects.toMatchObject({ code: "not_found" });
    await expect(cloneEnvironment(owner, source, { name: "prod" })).rejects.toMatchObject({ code: "conflict" });
    await expect(cloneEnvironment(owner, source, { name: "x", preserveEverything: true })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(cloneEnvironment(owner, source, { name: "x", version: 99 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(cloneEnvironment(owner, source, { name: "../x" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await db().environment.count()).toBe(before);
  });
});
