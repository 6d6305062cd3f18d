import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { ensureSigningKey } from "../oidc/signing-keys";
import { createEnvironment } from "./environments";
import { MintScope, tokenMinter } from "./token-minting";

const context = (org: string, userId: string, env: string) => ({
  pulumi: { user: { id: userId, login: "ann@example.com" }, organization: { login: org } },
  currentEnvironment: { name: env },
  rootEnvironment: { name: "payments/dev" },
});

describe("the open's token capability", () => {
  it("mints, without asking the database who may, only for the environments the open authorized", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    await createEnvironment(owner, org, { project: "payments", name: "dev" });
    await createEnvironment(owner, org, { project: "payments", name: "shared" });
    await ensureSigningKey();
    const row = await db().organization.findUniqueOrThrow({ where: { name: org }, select: { id: true, name: true } });
    const scope = new MintScope(row, owner.userId);
    scope.allow("payments/dev");
    scope.allow("payments/shared@2"); // an import by version: the token speaks for the environment
    const mint = tokenMinter(scope);

    const minted = await mint({ platform: "aws", context: context(org, owner.userId, "payments/dev"), lifetimeSeconds: 300 });
    expect(minted.claims.sub).toBe(`ferry:environments:org:${org}:env:payments/dev`);
    expect((await mint({ platform: "aws", context: context(org, owner.userId, "payments/shared"), lifetimeSeconds: 300 })).claims.sub).toContain("payments/shared");
    const audit = await db().auditEvent.findFirst({ where: { action: "oidc.token.issue", target: `${org}/payments/dev` } });
    expect(audit).toMatchObject({ organizationId: row.id, actorId: owner.userId });

    // The owner could open these, but this open did not authorize them: refused all the same.
    await createEnvironment(owner, org, { project: "payments", name: "prod" });
    await expect(mint({ platform: "aws", context: context(org, owner.userId, "payments/prod"), lifetimeSeconds: 300 })).rejects.toMatchObject({ code: "forbidden" });
    const other = await makeOrg(owner);
    await createEnvironment(owner, other, { project: "payments", name: "dev" });
    await expect(mint({ platform: "aws", context: context(other, owner.userId, "payments/dev"), lifetimeSeconds: 300 })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().auditEvent.count({ where: { action: "oidc.token.issue", target: { in: [`${org}/payments/prod`, `${other}/payments/dev`] } } })).toBe(0);
  });

  it("a check-mode evaluation authorizes nothing to mint", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const row = await db().organization.findUniqueOrThrow({ where: { name: org }, select: { id: true, name: true } });
    const mint = tokenMinter(new MintScope(row, owner.userId));
    await expect(mint({ platform: "azure", context: context(org, owner.userId, "payments/dev"), lifetimeSeconds: 300 })).rejects.toMatchObject({ code: "forbidden" });
  });
});
