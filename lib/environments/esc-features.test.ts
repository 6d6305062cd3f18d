// Retraction, deletion protection and environment tags: ESC features that change what reads,
// deletes and lists see.
import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, addMember } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment, deleteEnvironmentConfirmed, getEnvironment, listRevisions, saveDefinition } from "./environments";
import { getRevision, rollbackTo } from "./revisions";
import { openEnvironmentAs } from "./evaluate";
import { retractRevision } from "./retract";
import { getSettings, patchSettings } from "./settings";
import { createEnvTag, deleteEnvTag, getEnvTag, listEnvTags, updateEnvTag } from "./env-tags";
import { setTag } from "./tags";
import { grantEnvironmentAccess } from "../access/grants";

const audit = { via: "api" as const };

async function fourRevisions() {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const ref = await createEnvironment(owner, org, { name: "app", yaml: "values:\n  v: one\n" });
  await saveDefinition(owner, ref, { yaml: "values:\n  v: leaked-password\n" });
  await saveDefinition(owner, ref, { yaml: "values:\n  v: three\n" });
  await saveDefinition(owner, ref, { yaml: "values:\n  v: four\n" });
  return { owner, org, ref };
}

describe("retracting a revision", () => {
  it("keeps it in history but serves its replacement everywhere it is read: by number, by tag, opened, rolled back to", async () => {
    const { owner, ref } = await fourRevisions();
    await setTag(owner, ref, { name: "oops", revision: 2 });
    expect(await retractRevision(owner, ref, "2", { replacement: 3, reason: "plaintext secret" })).toEqual({ revision: 2, replacement: 3 });
    const history = await listRevisions(owner, ref);
    expect(history.find((r) => r.number === 2)?.retracted).toMatchObject({ replacement: 3, reason: "plaintext secret", byLogin: owner.email });
    for (const version of ["2", "oops"]) {
      const rev = await getRevision(owner, ref, version);
      expect(rev.yaml).not.toContain("leaked-password");
      expect(rev.yaml).toContain("three");
      expect((await openEnvironmentAs(owner, ref, { version }, audit)).properties.v.value).toBe("three");
    }
    await rollbackTo(owner, ref, "2");
    expect((await getEnvironment(owner, ref)).yaml).not.toContain("leaked-password");
    // chains: 3 retracted in favour of the newest; 2 now serves that
    await retractRevision(owner, ref, "3", {});
    expect((await getRevision(owner, ref, "2")).yaml).toBe((await getEnvironment(owner, ref)).yaml);
    expect(await db().auditEvent.count({ where: { action: "revision.retract" } })).toBeGreaterThanOrEqual(2);
  });

  it("refuses the newest revision, a second retraction, itself or a retracted replacement, and readers", async () => {
    const { owner, org, ref } = await fourRevisions();
    await expect(retractRevision(owner, ref, "4", {})).rejects.toMatchObject({ code: "invalid_input" });
    await expect(retractRevision(owner, ref, "latest", {})).rejects.toMatchObject({ code: "invalid_input" });
    await expect(retractRevision(owner, ref, "2", { replacement: 2 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(retractRevision(owner, ref, "2", { replacement: 9 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(retractRevision(owner, ref, "9", {})).rejects.toMatchObject({ code: "not_found" });
    await expect(retractRevision(owner, ref, "2", { reason: "x".repeat(501) })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(retractRevision(owner, ref, "2", { replace: 3 })).rejects.toMatchObject({ code: "invalid_input" });
    await retractRevision(owner, ref, "2", {});
    await expect(retractRevision(owner, ref, "2", {})).rejects.toMatchObject({ code: "conflict" });
    await expect(retractRevision(owner, ref, "1", { replacement: 2 })).rejects.toMatchObject({ code: "invalid_input" });
    const reader = await makeUser("reader");
    await addMember(owner, org, { email: reader.email, role: "member" });
    await grantEnvironmentAccess(owner, ref, { user: reader.email, permission: "reader" });
    await expect(retractRevision(reader, ref, "1", {})).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });
  });

  it("two retractions at once: one wins, the other hears conflict", async () => {
    const { owner, ref } = await fourRevisions();
    const both = await Promise.allSettled([retractRevision(owner, ref, "2", { reason: "a" }), retractRevision(owner, ref, "2", { reason: "b" })]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(both.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
  });
});

describe("deletion protection", () => {
  it("a protected environment cannot be deleted until an admin turns protection off", async () => {
    const { owner, org, ref } = await fourRevisions();
    expect(await getSettings(owner, ref)).toEqual({ deletionProtected: false });
    expect(await patchSettings(owner, ref, { deletionProtected: true })).toEqual({ deletionProtected: true });
    await expect(deleteEnvironmentConfirmed(owner, ref, { confirm: "app" })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("deletion-protected false") });
    expect(await db().environment.count({ where: { name: "app", organization: { name: org } } })).toBe(1);
    await expect(patchSettings(owner, ref, { deletionProtected: "no" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(patchSettings(owner, ref, { somethingElse: true })).rejects.toMatchObject({ code: "invalid_input" });
    const member = await makeUser("member");
    await addMember(owner, org, { email: member.email, role: "member" });
    await expect(patchSettings(member, ref, { deletionProtected: false })).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });
    await patchSettings(owner, ref, { deletionProtected: false });
    await deleteEnvironmentConfirmed(owner, ref, { confirm: "app" });
    expect(await db().environment.count({ where: { name: "app", organization: { name: org } } })).toBe(0);
  });
});

describe("environment tags", () => {
  it("create, read, page, rename with the value last seen, delete", async () => {
    const { owner, ref } = await fourRevisions();
    for (const [name, value] of [["team", "payments"], ["tier", "gold"], ["cost-center", "42"]]) await createEnvTag(owner, ref, { name, value });
    await expect(createEnvTag(owner, ref, { name: "team", value: "other" })).rejects.toMatchObject({ code: "conflict" });
    const first = await listEnvTags(owner, ref, { count: 2 });
    expect(first).toMatchObject({ tags: [{ name: "cost-center" }, { name: "team" }], more: true });
    expect((await listEnvTags(owner, ref, { after: "team", count: 2 })).tags.map((t) => t.name)).toEqual(["tier"]);
    expect(await getEnvTag(owner, ref, "team")).toMatchObject({ value: "payments", editorLogin: owner.email });
    await expect(updateEnvTag(owner, ref, "team", { currentTag: { value: "stale" }, newTag: { value: "x" } })).rejects.toMatchObject({ code: "conflict" });
    expect(await updateEnvTag(owner, ref, "team", { currentTag: { value: "payments" }, newTag: { name: "owner", value: "billing" } })).toMatchObject({ name: "owner", value: "billing" });
    await expect(getEnvTag(owner, ref, "team")).rejects.toMatchObject({ code: "not_found" });
    await expect(updateEnvTag(owner, ref, "owner", { currentTag: { value: "billing" }, newTag: { name: "tier" } })).rejects.toMatchObject({ code: "conflict" });
    await deleteEnvTag(owner, ref, "owner");
    await expect(deleteEnvTag(owner, ref, "owner")).rejects.toMatchObject({ code: "not_found" });
    for (const bad of [{ name: "", value: "x" }, { name: "a\u0000b", value: "x" }, { name: "x", value: "y".repeat(1025) }, { name: "x", value: 7 }, { name: "x", value: "y", extra: 1 }]) {
      await expect(createEnvTag(owner, ref, bad), JSON.stringify(bad).slice(0, 60)).rejects.toMatchObject({ code: "invalid_input" });
    }
    await expect(listEnvTags(await makeUser("stranger"), ref)).rejects.toMatchObject({ code: "not_found" });
  });
});
