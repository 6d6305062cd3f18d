// Leases end to end through the domain: an open of fn::open::azure-sp (real SDKs against the
// Graph/ARM/Entra fakes) records a lease, which lists, revokes, renews up to maxTtl and is
// reaped at expiry; run-token redemptions are attributed to the token; another organization's
// member sees nothing. Runs on SQLite and PostgreSQL.
import { grantEnvironmentAccess } from "../access/grants";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { saveDefinition } from "../environments/environments";
import { openEnvironmentAs } from "../environments/evaluate";
import { createRunToken } from "../runs/run-tokens";
import { redeemRunToken } from "../runs/redeem";
import { CONTRIBUTOR, ENV, FERRY_APP, FERRY_SECRET, ORG, RG, startAzureSpFakes, SUBSCRIPTION, TENANT, type AzureSpFakes } from "../../testing/azure-sp-fakes";
import { makeOrg, makeUser } from "../../testing/factories";
import { listLeases, renewLease, revokeLease } from "./leases";
import { reapDueLeases } from "./reaper";

let f: AzureSpFakes;
const REF = { org: ORG, project: "payments", name: "dev" };
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  f = await startAzureSpFakes();
  // The server's own configuration (readCloudConfig) points at the fakes, as the e2e console's does.
  const env = { FERRY_AZURE_AUTHORITY_HOST: f.entra.url, FERRY_AZURE_CA_BUNDLE: f.config.azure.caBundlePath!, FERRY_AZURE_GRAPH_ENDPOINT: f.graph.url, FERRY_AZURE_ARM_ENDPOINT: f.arm.url };
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await f?.close();
});
afterEach(() => {
  f.arm.state.config.failRoleAssignment = null;
});

const spDoc = (opts: { ttl?: string; maxTtl?: string; roles?: string } = {}) => `values:
  sp:
    fn::open::azure-sp:
      login:
        clientId: ${FERRY_APP}
        tenantId: ${TENANT}
        subscriptionId: ${SUBSCRIPTION}
        clientSecret:
          fn::secret: ${FERRY_SECRET}
      roles:
${opts.roles ?? `        - roleName: Reader
          scope: /subscriptions/${SUBSCRIPTION}
        - roleName: Contributor
          scope: ${RG}`}
      ttl: ${opts.ttl ?? "30m"}
      maxTtl: ${opts.maxTtl ?? "2h"}
  environmentVariables:
    ARM_CLIENT_ID: \${sp.clientId}
    ARM_CLIENT_SECRET: \${sp.clientSecret}
`;

async function openSp(yaml = spDoc()) {
  await saveDefinition(f.owner, REF, { yaml });
  const opened = await openEnvironmentAs(f.owner, REF, {}, { via: "api" });
  expect(opened.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const clientId = opened.environmentVariables.ARM_CLIENT_ID?.value as string;
  const lease = (await listLeases(f.owner, ORG, { environment: ENV })).leases.find((l) => (l.externalIds as { clientId?: string }).clientId === clientId)!;
  expect(lease).toBeDefined();
  return { opened, clientId, lease, secret: opened.environmentVariables.ARM_CLIENT_SECRET?.value as string };
}

const appExists = (clientId: string) => f.graph.state.applications.some((a) => a.appId === clientId);
const clockAt = (ms: number) => ({ now: () => ms, sleep: async () => {} });

describe("leases", () => {
  it("an open creates a service principal with exactly the configured roles, recorded as a lease without any secret", async () => {
    const { clientId, lease, secret } = await openSp();
    expect(lease).toMatchObject({ provider: "azure-sp", organization: ORG, project: "payments", environment: "dev", state: "active", renewable: true, revocable: true, via: "api", openedBy: { user: f.owner.email } });
    const sp = f.graph.state.servicePrincipals.find((s) => s.appId === clientId)!;
    expect(f.arm.state.roleAssignments.filter((a) => a.principalId === sp.id).map((a) => [a.scope, a.roleDefinitionId.split("/").pop()]).sort()).toEqual(
      [[RG, CONTRIBUTOR.name], [`/subscriptions/${SUBSCRIPTION}`, "acdd72a7-3385-48ef-bd42-f606fba81ae7"]].sort(),
    );
    const row = (await db().lease.findUnique({ where: { id: lease.id } }))!;
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(FERRY_SECRET);
    expect(row.loginSecretSealed).toBeTruthy();
    const audit = await db().auditEvent.findMany({ where: { action: "lease.issue" } });
    expect(audit.some((a) => a.detail?.includes(lease.id))).toBe(true);
  });

  it("revoke deletes the principal now; a second revoke is refused", async () => {
    const { clientId, lease } = await openSp();
    expect(appExists(clientId)).toBe(true);
    const revoked = await revokeLease(f.owner, ORG, lease.id);
    expect(revoked.state).toBe("revoked");
    expect(appExists(clientId)).toBe(false);
    expect(f.graph.state.servicePrincipals.some((s) => s.appId === clientId)).toBe(false);
    await expect(revokeLease(f.owner, ORG, lease.id)).rejects.toThrow("already been revoked");
    expect(await db().auditEvent.count({ where: { action: "lease.revoke", detail: { contains: lease.id } } })).toBe(1);
  });

  it("the reaper deletes a lease at its expiry (time injected), and not before", async () => {
    const { clientId, lease } = await openSp(spDoc({ ttl: "1m", maxTtl: "1h" }));
    const issued = Date.parse(lease.issuedAt);
    expect((await reapDueLeases({ clock: clockAt(issued + 30_000) })).ended).not.toContain(lease.id);
    expect(appExists(clientId)).toBe(true);
    const report = await reapDueLeases({ clock: clockAt(issued + 61_000) });
    expect(report.ended).toContain(lease.id);
    expect(appExists(clientId)).toBe(false);
    expect((await listLeases(f.owner, ORG, { state: "expired" })).leases.map((l) => l.id)).toContain(lease.id);
  });

  it("renews up to maxTtl and refuses past it", async () => {
    const { lease } = await openSp(spDoc({ ttl: "30m", maxTtl: "2h" }));
    const issued = Date.parse(lease.issuedAt);
    const once = await renewLease(f.owner, ORG, lease.id, { increment: "1h" }, {}, clockAt(issued + 60_000));
    expect(Date.parse(once.expiresAt)).toBe(issued + 60_000 + 3600_000);
    const capped = await renewLease(f.owner, ORG, lease.id, { increment: "5h" }, {}, clockAt(issued + 120_000));
    expect(capped.expiresAt).toBe(lease.maxExpiresAt);
    await expect(renewLease(f.owner, ORG, lease.id, { increment: "1h" }, {}, clockAt(issued + 180_000))).rejects.toThrow(/reaches its maxTtl .* cannot be renewed past it/);
    await expect(renewLease(f.owner, ORG, lease.id, { increment: "soon" })).rejects.toThrow("Give the increment as a duration");
    await revokeLease(f.owner, ORG, lease.id);
  });

  it("a failing role assignment leaves nothing behind in Azure or in the lease table, with a clear diagnostic", async () => {
    f.arm.state.config.failRoleAssignment = { roleDefinitionName: CONTRIBUTOR.name };
    const apps = f.graph.state.applications.length;
    const leases = await db().lease.count();
    await saveDefinition(f.owner, REF, { yaml: spDoc() });
    const opened = await openEnvironmentAs(f.owner, REF, {}, { via: "api" });
    const errors = opened.diagnostics.filter((d) => d.severity === "error").map((d) => d.summary);
    expect(errors.join("\n")).toMatch(/azure-sp: assigning .*Contributor.* failed: .*everything Ferry had created for it was deleted again/);
    expect(f.graph.state.applications.length).toBe(apps);
    expect(await db().lease.count()).toBe(leases);
  });

  it("a pending lease whose open died is cleaned by the reaper after the grace period", async () => {
    // What an instance leaves when it crashes after creating the application: a pending row with its id.
    const { clientId, lease } = await openSp();
    await db().lease.update({ where: { id: lease.id }, data: { state: "pending" } });
    const issued = Date.parse(lease.issuedAt);
    expect((await reapDueLeases({ clock: clockAt(issued + 60_000) })).ended).not.toContain(lease.id);
    expect((await reapDueLeases({ clock: clockAt(issued + 16 * 60_000) })).ended).toContain(lease.id);
    expect(appExists(clientId)).toBe(false);
  });

  it("adds and removes one password in existing-application mode", async () => {
    const app = { id: crypto.randomUUID(), appId: crypto.randomUUID(), displayName: "ci", notes: null, tags: [], createdDateTime: new Date().toISOString(), passwordCredentials: [] };
    f.graph.state.applications.push(app);
    f.graph.state.servicePrincipals.push({ id: crypto.randomUUID(), appId: app.appId, displayName: "ci" });
    const yaml = spDoc().replace(/      roles:\n(?:        .*\n)+/, `      applicationObjectId: ${app.id}\n`);
    const { lease } = await openSp(yaml);
    expect(app.passwordCredentials).toHaveLength(1);
    await revokeLease(f.owner, ORG, lease.id);
    expect(app.passwordCredentials).toHaveLength(0);
    expect(appExists(app.appId)).toBe(true);
  });

  it("a run-token redemption records a lease attributed to the token and its creator", async () => {
    await saveDefinition(f.owner, REF, { yaml: spDoc() });
    const created = await createRunToken(f.owner, REF, {});
    const run = await redeemRunToken(created.token);
    const clientId = run.environmentVariables.ARM_CLIENT_ID?.value;
    const lease = (await listLeases(f.owner, ORG, {})).leases.find((l) => (l.externalIds as { clientId?: string }).clientId === clientId)!;
    expect(lease).toMatchObject({ via: "run-token", openedBy: { user: f.owner.email, runToken: created.id } });
    await revokeLease(f.owner, ORG, lease.id);
  });

  it("another organization's member cannot see, revoke or renew a lease; a non-member's filters leak nothing", async () => {
    const { lease, clientId } = await openSp();
    const stranger = await makeUser("stranger");
    await makeOrg(stranger);
    await expect(listLeases(stranger, ORG)).rejects.toThrow("Organization was not found");
    await expect(revokeLease(stranger, ORG, lease.id)).rejects.toThrow("Organization was not found");
    await expect(renewLease(stranger, ORG, lease.id, { increment: "1h" })).rejects.toThrow("Organization was not found");
    await expect(listLeases(f.owner, ORG, { state: "bogus" })).rejects.toThrow("Choose a state");
    await expect(revokeLease(f.owner, ORG, "not-a-lease-id")).rejects.toThrow("Lease was not found");
    expect(appExists(clientId)).toBe(true);
    await revokeLease(f.owner, ORG, lease.id);
  });

  it("a reader sees leases but cannot revoke them", async () => {
    const { lease, clientId } = await openSp();
    const reader = await makeUser("reader");
    const org = await db().organization.findUniqueOrThrow({ where: { name: ORG } });
    await db().membership.create({ data: { organizationId: org.id, userId: reader.userId, role: "member" } });
    await grantEnvironmentAccess(f.owner, { org: ORG, project: "payments", name: "dev" }, { user: reader.email, permission: "reader" });
    expect((await listLeases(reader, ORG, { environment: ENV })).leases.map((l) => l.id)).toContain(lease.id);
    await expect(revokeLease(reader, ORG, lease.id)).rejects.toThrow(/can't revoke leases .* your access is "reader"/);
    expect(appExists(clientId)).toBe(true);
    await revokeLease(f.owner, ORG, lease.id);
  });
});
