import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { createEnvironment, saveDefinition } from "./environments";
import { listReferrers } from "./referrers";

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
});
