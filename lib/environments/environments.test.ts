import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, addMember } from "../../testing/factories";
import { createEnvironment, deleteEnvironmentConfirmed, getEnvironment, listEnvironments, listRevisions, saveDefinition } from "./environments";

describe("environments", () => {
  it("creates revision 1 and numbers each save consecutively with author and message", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { project: "payments", name: "dev" });
    expect(ref).toEqual({ org, project: "payments", name: "dev" });
    await saveDefinition(owner, ref, { yaml: "values:\n  a: 1\n", message: "one" });
    const r3 = await saveDefinition(owner, ref, { yaml: "values:\n  a: 2\n" });
    expect(r3.number).toBe(3);
    const env = await getEnvironment(owner, ref);
    expect(env.headRevision).toBe(3);
    expect(env.yaml).toBe("values:\n  a: 2\n");
    const revs = await listRevisions(owner, ref);
    expect(revs.map((r) => r.number)).toEqual([3, 2, 1]);
    expect(revs[1]).toMatchObject({ message: "one", author: owner.email });
  });

  it("uses project default when none is given", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    expect(await createEnvironment(owner, org, { name: "dev" })).toEqual({ org, project: "default", name: "dev" });
    expect(await createEnvironment(owner, org, { project: "  ", name: "staging" })).toMatchObject({ project: "default" });
  });

  it.each([
    [{ name: "" }, "name"],
    [{ name: "has space" }, "name"],
    [{ name: "-leading" }, "name"],
    [{ name: "x".repeat(65) }, "name"],
    [{ project: "bad/project", name: "dev" }, "project"],
    [{ name: "ok", yaml: "x".repeat(1024 * 1024 + 1) }, "yaml"],
  ])("rejects bad input %#", async (input, field) => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    await expect(createEnvironment(owner, org, input)).rejects.toMatchObject({ code: "invalid_input", fields: { [field]: expect.any(String) } });
    expect(await listEnvironments(owner, org)).toEqual([]);
  });

  it("refuses a duplicate name in the same project and allows it in another", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    await createEnvironment(owner, org, { project: "p", name: "dev" });
    await expect(createEnvironment(owner, org, { project: "p", name: "dev" })).rejects.toMatchObject({ code: "conflict" });
    await expect(createEnvironment(owner, org, { project: "q", name: "dev" })).resolves.toBeTruthy();
  });

  it("refuses a save based on a revision that is no longer current, keeping the newer one", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "dev" });
    await saveDefinition(owner, ref, { yaml: "values: {a: mine}\n", baseRevision: 1 });
    await expect(saveDefinition(owner, ref, { yaml: "values: {a: theirs}\n", baseRevision: 1 })).rejects.toMatchObject({ code: "conflict" });
    const env = await getEnvironment(owner, ref);
    expect(env).toMatchObject({ headRevision: 2, yaml: "values: {a: mine}\n" });
  });

  it("gives 20 concurrent saves 20 distinct consecutive revisions, none lost", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "busy" });
    const saved = await Promise.all(
      Array.from({ length: 20 }, (_, i) => saveDefinition(owner, ref, { yaml: `values:\n  writer: ${i}\n`, message: `writer ${i}` })),
    );
    expect(saved.map((r) => r.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    const revs = await listRevisions(owner, ref);
    expect(revs).toHaveLength(21);
    expect(new Set(revs.slice(0, 20).map((r) => r.message))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `writer ${i}`)));
  });

  it("deletes only when the typed name matches", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "doomed" });
    await expect(deleteEnvironmentConfirmed(owner, ref, { confirm: "doome" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await listEnvironments(owner, org)).toHaveLength(1);
    await deleteEnvironmentConfirmed(owner, ref, { confirm: "doomed" });
    expect(await listEnvironments(owner, org)).toHaveLength(0);
    await expect(getEnvironment(owner, ref)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("environment authorization", () => {
  it("answers not found to users outside the organization, for every operation", async () => {
    const owner = await makeUser("owner");
    const outsider = await makeUser("outsider");
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { project: "secret", name: "prod" });
    await makeOrg(outsider);
    const calls = [
      () => listEnvironments(outsider, org),
      () => getEnvironment(outsider, ref),
      () => listRevisions(outsider, ref),
      () => saveDefinition(outsider, ref, { yaml: "values: {}\n" }),
      () => createEnvironment(outsider, org, { name: "sneaky" }),
      () => deleteEnvironmentConfirmed(outsider, ref, { confirm: "prod" }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: "not_found", message: "Organization was not found." });
    // The message is the same as for an organization that does not exist at all.
    await expect(listEnvironments(outsider, "no-such-org")).rejects.toMatchObject({ code: "not_found", message: "Organization was not found." });
    expect((await getEnvironment(owner, ref)).headRevision).toBe(1);
  });

  it("lets members read and save, and hides environments of other orgs with the same names", async () => {
    const owner = await makeUser("owner");
    const member = await makeUser("member");
    const org = await makeOrg(owner);
    await addMember(owner, org, { email: member.email, role: "member" });
    const ref = await createEnvironment(owner, org, { name: "dev" });
    await expect(saveDefinition(member, ref, { yaml: "values: {by: member}\n" })).resolves.toMatchObject({ number: 2 });

    const other = await makeOrg(member, "other");
    await createEnvironment(member, other, { name: "dev" });
    expect((await listEnvironments(owner, org)).map((e) => e.name)).toEqual(["dev"]);
    await expect(getEnvironment(owner, { ...ref, org: other })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("secrets at rest", () => {
  it("stores fn::secret plaintext as ciphertext, keeping comments and layout", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "secrets" });
    const yaml = "values:\n  # the database password\n  password:\n    fn::secret: hunter2-very-secret\n  user: admin # plain\n";
    await saveDefinition(owner, ref, { yaml });
    const stored = (await getEnvironment(owner, ref)).yaml;
    expect(stored).not.toContain("hunter2-very-secret");
    expect(stored).toMatch(/^values:\n  # the database password\n  password:\n    fn::secret:\n      ciphertext: [A-Za-z0-9+/=]+\n  user: admin # plain\n$/);
  });

  it("refuses to store a definition whose YAML cannot be parsed", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "broken" });
    await expect(saveDefinition(owner, ref, { yaml: "values:\n  a: [1, 2\n  password: {fn::secret: x}\n" })).rejects.toMatchObject({ code: "invalid_input" });
    expect((await getEnvironment(owner, ref)).headRevision).toBe(1);
  });
});

describe("tags and rollback", () => {
  it("creates, moves and deletes tags, resolves versions, and rolls back by adding a revision", async () => {
    const { setTag, deleteTag, listTags } = await import("./tags");
    const { getRevision, rollbackTo } = await import("./revisions");
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "tagged", yaml: "values: {v: 1}\n" });
    await saveDefinition(owner, ref, { yaml: "values: {v: 2}\n" });
    await saveDefinition(owner, ref, { yaml: "values: {v: 3}\n" });
    await setTag(owner, ref, { name: "stable", revision: 2 });
    expect((await getRevision(owner, ref, "stable")).yaml).toBe("values: {v: 2}\n");
    expect((await getRevision(owner, ref, "latest")).number).toBe(3);
    expect((await getRevision(owner, ref, "1")).tags).toEqual([]);
    await setTag(owner, ref, { name: "stable", revision: 1 });
    expect((await listTags(owner, ref)).map((t) => [t.name, t.revision])).toEqual([["latest", 3], ["stable", 1]]);
    await expect(setTag(owner, ref, { name: "latest", revision: 1 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(setTag(owner, ref, { name: "42", revision: 1 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(setTag(owner, ref, { name: "future", revision: 9 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(getRevision(owner, ref, "nope")).rejects.toMatchObject({ code: "not_found" });

    const rolled = await rollbackTo(owner, ref, "stable", 3);
    expect(rolled.number).toBe(4);
    expect((await getRevision(owner, ref, "latest")).yaml).toBe("values: {v: 1}\n");
    expect((await listRevisions(owner, ref))[0]).toMatchObject({ number: 4, message: "Rollback to revision 1", tags: ["latest"] });
    await deleteTag(owner, ref, "stable");
    await expect(deleteTag(owner, ref, "stable")).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps tags away from readers' writes and from other organizations", async () => {
    const { setTag } = await import("./tags");
    const owner = await makeUser();
    const outsider = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "t" });
    await expect(setTag(outsider, ref, { name: "x", revision: 1 })).rejects.toMatchObject({ code: "not_found" });
  });
});
