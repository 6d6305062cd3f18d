// Resolving environment references inside an organization.
import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment, saveDefinition } from "./environments";
import { resolveLatestRevisions, resolveRevision } from "./versions";

describe("resolveLatestRevisions", () => {
  it("finds many environments' latest revisions at once, as resolveRevision does one by one, and only in the organization", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const elsewhere = await makeOrg(owner);
    const names = Array.from({ length: 40 }, (_, i) => `env${i}`); // 40 lookups in one turn: one statement on PostgreSQL
    for (const name of names) await createEnvironment(owner, org, { name, yaml: `values:\n  n: ${name}\n` });
    await saveDefinition(owner, { org, project: "default", name: "env3" }, { yaml: "values:\n  n: newer\n" });
    await createEnvironment(owner, elsewhere, { name: "theirs", yaml: "values: {}\n" });
    const organizationId = (await db().organization.findUniqueOrThrow({ where: { name: org } })).id;

    const refs = [...names, "missing", "theirs"].map((name) => ({ project: "default", name }));
    const found = await resolveLatestRevisions(organizationId, refs);
    expect(found.size).toBe(40);
    expect(found.has("default/missing") || found.has("default/theirs")).toBe(false);
    for (const name of names) {
      const one = await resolveRevision(organizationId, { project: "default", name });
      expect(found.get(`default/${name}`)).toEqual(one);
    }
    expect(found.get("default/env3")).toMatchObject({ revision: 2, yaml: "values:\n  n: newer\n" });
    expect((await resolveLatestRevisions(organizationId, [])).size).toBe(0);
  });
});
