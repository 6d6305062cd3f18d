import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { createEnvironment, saveDefinition } from "./environments";
import { listReferrers, pageOfReferrers } from "./referrers";

describe("referrers", () => {
  it("names the environments importing this one, by the version they import, and nothing to a stranger", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const base = await createEnvironment(owner, org, { project: "shared", name: "base" });
    await createEnvironment(owner, org, { project: "app", name: "dev", yaml: "imports:\n  - shared/base\nvalues: {}\n" });
    await createEnvironment(owner, org, { project: "app", name: "prod", yaml: "imports:\n  - shared/base@2\nvalues: {}\n" });
    await createEnvironment(owner, org, { project: "app", name: "other", yaml: "imports:\n  - shared/basement\nvalues: {}\n" });
    // an import that was removed still shows with allRevisions
    const old = await createEnvironment(owner, org, { project: "app", name: "old", yaml: "imports:\n  - shared/base@stable\nvalues: {}\n" });
    await saveDefinition(owner, old, { yaml: "values: {}\n" });

    expect(await listReferrers(owner, base)).toEqual({
      latest: [{ environment: { project: "app", name: "dev", revision: 1 } }],
      "2": [{ environment: { project: "app", name: "prod", revision: 1 } }],
    });
    expect((await listReferrers(owner, base, { allRevisions: true })).stable).toEqual([{ environment: { project: "app", name: "old", revision: 1 } }]);

    await expect(listReferrers(await makeUser("stranger"), base)).rejects.toMatchObject({ code: "not_found" });
  });

  it("pages referrers in a stable order with a continuation token until the last page", () => {
    const env = (name: string, revision = 1) => ({ environment: { project: "app", name, revision } });
    const all = { latest: [env("a"), env("b")], "2": [env("c")], stable: [env("d", 4)] };
    const first = pageOfReferrers(all, { count: 2, offset: 0 });
    expect(first).toEqual({ referrers: { "2": [env("c")], latest: [env("a")] }, continuationToken: "2" });
    const second = pageOfReferrers(all, { count: 2, offset: 2 });
    expect(second).toEqual({ referrers: { latest: [env("b")], stable: [env("d", 4)] } });
    expect(pageOfReferrers(all, { offset: 0 }).referrers).toEqual(all);
    expect(pageOfReferrers(all, { count: 5, offset: 9 })).toEqual({ referrers: {} });
  });
});
