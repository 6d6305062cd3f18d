import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { newRowId } from "../db/ids";
import type { Actor } from "../auth/actor";
import { createEnvironment, getEnvironment } from "./environments";
import { revealEnvironmentAs } from "./evaluate";
import { resealerFor } from "./reseal";
import { rollbackTo } from "./revisions";
import { saveDefinition } from "./environments";
import type { EnvironmentRef } from "./schema";

const audit = { via: "console" as const };
const DEF = "values:\n  # kept\n  db:\n    fn::secret: copied-secret\n  nested:\n    list:\n      - fn::secret: second-secret\n  plain: yes\n";

async function binding(ref: EnvironmentRef) {
  const env = await db().environment.findFirstOrThrow({ where: { project: ref.project, name: ref.name, organization: { name: ref.org } } });
  return { id: env.id, organizationId: env.organizationId };
}

/** What clone (issue 12) will do: a new environment whose revision 1 is the source's definition, in one transaction. */
async function copyInto(actor: Actor, source: EnvironmentRef, targetOrg: string, name: string): Promise<EnvironmentRef> {
  const from = await binding(source);
  const yaml = (await getEnvironment(actor, source)).yaml;
  const org = await db().organization.findUniqueOrThrow({ where: { name: targetOrg } });
  const to = { id: newRowId(), organizationId: org.id };
  const resealDefinition = await resealerFor(from, to);
  await db().$transaction(async (tx) => {
    await tx.environment.create({ data: { id: to.id, organizationId: org.id, project: "copies", name, headRevision: 1 } });
    await tx.revision.create({ data: { environmentId: to.id, number: 1, yaml: await resealDefinition(yaml), authorId: actor.userId } });
  });
  return { org: targetOrg, project: "copies", name };
}

describe("copying a definition between environments", () => {
  it("re-seals every secret for the target inside the copy's transaction, into the same organization or another", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const source = await createEnvironment(owner, org, { name: "source", yaml: DEF });
    const otherOrg = await makeOrg(owner); // has no data key yet: the copy makes it
    for (const [targetOrg, name] of [[org, "same-org"], [otherOrg, "other-org"]] as const) {
      const copy = await copyInto(owner, source, targetOrg, name);
      const stored = (await getEnvironment(owner, copy)).yaml;
      expect(stored).toContain("# kept");
      expect(stored).toContain("plain: yes");
      expect(stored).not.toContain("copied-secret");
      const sourceText = (await getEnvironment(owner, source)).yaml;
      for (const c of sourceText.match(/ciphertext: \S+/g)!) expect(stored).not.toContain(c);
      const revealed = await revealEnvironmentAs(owner, copy, {}, audit);
      expect(revealed.diagnostics).toEqual([]);
      expect(revealed.properties.db.value).toBe("copied-secret");
      expect((revealed.properties.nested.value as Record<string, { value: unknown[] }>).list.value).toEqual([expect.objectContaining({ value: "second-secret" })]);
    }
  });

  it("rollback stays in one environment: the old revision's ciphertexts are kept as they are and open", async () => {
    const owner = await makeUser();
    const ref = await createEnvironment(owner, await makeOrg(owner), { name: "rb", yaml: "values:\n  s:\n    fn::secret: first\n" });
    const first = (await getEnvironment(owner, ref)).yaml;
    await saveDefinition(owner, ref, { yaml: "values:\n  s:\n    fn::secret: second\n" });
    await rollbackTo(owner, ref, "1");
    expect((await getEnvironment(owner, ref)).yaml).toBe(first);
    expect((await revealEnvironmentAs(owner, ref, {}, audit)).properties.s.value).toBe("first");
  });

  it("refuses a secret that does not decrypt in the source instead of carrying it along", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const a = await createEnvironment(owner, org, { name: "a", yaml: "values:\n  s:\n    fn::secret: a-secret\n" });
    const stolen = /ciphertext: (\S+)/.exec((await getEnvironment(owner, a)).yaml)![1];
    const yaml = `values:\n  ok:\n    fn::secret:\n      ciphertext: ${stolen}\n`;
    const b = await binding(await createEnvironment(owner, org, { name: "b" }));
    const c = await binding(await createEnvironment(owner, org, { name: "c" }));
    await expect((await resealerFor(b, c))(yaml)).rejects.toMatchObject({
      code: "invalid_input",
      message: "The secret at values.ok cannot be copied: it was not encrypted for this environment, or it was altered. Replace or remove it in the source first.",
    });
    // Copying within one environment changes nothing.
    expect(await (await resealerFor(b, b))(yaml)).toBe(yaml);
  });
});
