// The parts of ESC's wire protocol that the esc CLI and the SDK depend on, at the domain edge:
// paging that ends, tag create/move semantics, anonymous checks, opens that refuse errors.
import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment, saveDefinition } from "../environments/environments";
import { setTag } from "../environments/tags";
import { escCheckYaml, escListAllEnvironments, escListRevisions, escListTags } from "./environments";
import { createOpenSession } from "../environments/open-sessions";
import { defaultOrganization } from "./user";
import { baseRevision } from "./definitions";
import { namePage, revisionPage } from "./paging";

async function envWithRevisions(n: number) {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const ref = await createEnvironment(owner, org, { name: "dev", yaml: "values:\n  v: 1\n" });
  for (let i = 2; i <= n; i++) await saveDefinition(owner, ref, { yaml: `values:\n  v: ${i}\n` });
  return { owner, org, ref };
}

describe("ESC paging, as the esc CLI walks it", () => {
  it("revisions page backwards with before/count until an empty page", async () => {
    const { owner, ref } = await envWithRevisions(5);
    const seen: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await escListRevisions(owner, ref, { before, count: 2 });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.number));
      before = page.at(-1)!.number;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    // how `esc env version env@3` reads one revision: before = 3 + 1, count = 1
    expect((await escListRevisions(owner, ref, { before: 4, count: 1 })).map((r) => r.number)).toEqual([3]);
    expect((await escListRevisions(owner, ref)).length).toBe(5);
  });

  it("revision tags page forwards by name with after/count until an empty page", async () => {
    const { owner, ref } = await envWithRevisions(3);
    for (const name of ["b", "a", "c"]) await setTag(owner, ref, { name, revision: 2 }, "create");
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const { tags } = await escListTags(owner, ref, { after, count: 2 });
      if (tags.length === 0) break;
      seen.push(...tags.map((t) => t.name));
      after = tags.at(-1)!.name;
    }
    expect(seen).toEqual(["a", "b", "c", "latest"]);
  });

  it("validates paging parameters instead of ignoring them", () => {
    const req = (q: string) => new Request(`http://x/?${q}`);
    expect(revisionPage(req("before=3&count=1"))).toEqual({ before: 3, count: 1 });
    for (const q of ["before=0", "before=-1", "before=x", "count=0", "count=1001", "before=99999999999"]) {
      expect(() => revisionPage(req(q)), q).toThrow(expect.objectContaining({ code: "invalid_input" }));
    }
    expect(namePage(req("after=v1&count=5"))).toEqual({ after: "v1", count: 5 });
    expect(() => namePage(req(`after=${"a".repeat(300)}`))).toThrow(expect.objectContaining({ code: "invalid_input" }));
  });
});

describe("revision tags with ESC's semantics", () => {
  it("create refuses an existing tag (409), move refuses a missing one (404), a missing revision is the newest", async () => {
    const { owner, ref } = await envWithRevisions(3);
    expect(await setTag(owner, ref, { name: "stable" }, "create")).toMatchObject({ revision: 3 });
    await expect(setTag(owner, ref, { name: "stable", revision: 1 }, "create")).rejects.toMatchObject({ code: "conflict" });
    expect(await setTag(owner, ref, { name: "stable", revision: 1 }, "move")).toMatchObject({ revision: 1 });
    await expect(setTag(owner, ref, { name: "nope", revision: 1 }, "move")).rejects.toMatchObject({ code: "not_found" });
    expect(await db().revisionTag.count({ where: { name: "nope" } })).toBe(0);
    // two creates at once: exactly one wins, the other hears conflict
    const both = await Promise.allSettled([setTag(owner, ref, { name: "race", revision: 2 }, "create"), setTag(owner, ref, { name: "race", revision: 3 }, "create")]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(both.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
  });
});

describe("definitions outside any environment, and opens with errors", () => {
  it("yaml/check evaluates in the organization, with imports the member may read, and answers 400 with diagnostics on errors", async () => {
    const { owner, org } = await envWithRevisions(1);
    const ok = await escCheckYaml(owner, org, "imports: [default/dev]\nvalues:\n  w: ${v}\n");
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ properties: { v: { value: 1 }, w: { value: 1 } }, exprs: expect.any(Object), schema: expect.any(Object), executionContext: expect.any(Object) });
    const bad = await escCheckYaml(owner, org, "values:\n  w: ${nope}\n");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 400, diagnostics: [expect.objectContaining({ severity: "error", range: expect.objectContaining({ environment: "<yaml>" }) })] });
    // a stranger is told the organization does not exist
    await expect(escCheckYaml(await makeUser("stranger"), org, "values: {}\n")).rejects.toMatchObject({ code: "not_found" });
  });

  it("an environment with errors does not open and leaves no session behind", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "broken", yaml: "values:\n  a: ${missing}\n" });
    const opened = await createOpenSession(owner, ref, undefined, 600, { via: "api" });
    expect(opened).toMatchObject({ errors: [expect.objectContaining({ severity: "error" })] });
    expect(await db().openSession.count({ where: { userId: owner.userId } })).toBe(0);
  });
});

describe("account endpoints the esc CLI reads", () => {
  it("lists environments across the caller's organizations only, and pages", async () => {
    const owner = await makeUser();
    const [a, b] = [await makeOrg(owner, "a"), await makeOrg(owner, "b")];
    await createEnvironment(owner, a, { name: "one" });
    await createEnvironment(owner, b, { name: "two" });
    const stranger = await makeUser("stranger");
    await createEnvironment(stranger, await makeOrg(stranger), { name: "theirs" });
    const { environments, nextToken } = await escListAllEnvironments(owner);
    expect(environments.map((e) => `${e.organization}/${e.name}`).sort()).toEqual([`${a}/one`, `${b}/two`].sort());
    expect(nextToken).toBeUndefined();
    await expect(escListAllEnvironments(owner, "not base64url!")).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("names a default organization, or 404 when the user has none", async () => {
    const owner = await makeUser();
    await expect(defaultOrganization(owner)).rejects.toMatchObject({ code: "not_found" });
    const org = await makeOrg(owner);
    expect(await defaultOrganization(owner)).toEqual({ gitHubLogin: org, messages: [] });
  });
});

describe("the base revision of an update", () => {
  it("comes from If-Match or, as the esc CLI sends it, ETag", () => {
    const req = (h: Record<string, string>) => new Request("http://x/", { method: "PATCH", headers: h });
    expect(baseRevision(req({ "if-match": '"7"' }))).toBe(7);
    expect(baseRevision(req({ etag: '"7"' }))).toBe(7);
    expect(baseRevision(req({ etag: 'W/"8"' }))).toBe(8);
    expect(baseRevision(req({}))).toBeUndefined();
    expect(() => baseRevision(req({ etag: '"abc"' }))).toThrow(expect.objectContaining({ code: "invalid_input" }));
  });
});
