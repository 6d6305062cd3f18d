// fn::open::azure-sp through the language core (check and open), with the real SDKs against the
// fakes and an in-memory stand-in for the lease domain's recordLease.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkEnvironment, createProviderRegistry, evalEnvironment, getEnvironmentVariables, loadEnvironment, type EscValue, type ProviderContext } from "../../esc";
import { mintForContext as mintEnvironmentToken } from "../../../testing/mint-token";
import { AppError } from "../../errors";
import { azureSpDescription } from "../catalog";
import { CONTRIBUTOR, ENV, FERRY_APP, FERRY_SECRET, ORG, RG, startAzureSpFakes, SUBSCRIPTION, TENANT, type AzureSpFakes } from "../../../testing/azure-sp-fakes";
import { createAzureSpProvider, revokeAzureSpLease, signInAs, type AzureSpLease, type RecordLease } from "./provider";

let f: AzureSpFakes;
let leases: { lease: AzureSpLease; loginSecret?: string; context: ProviderContext["context"] }[];
let recordFails: Error | undefined;

beforeAll(async () => {
  f = await startAzureSpFakes();
});
afterAll(async () => {
  await f?.close();
});
afterEach(() => {
  recordFails = undefined;
  f.arm.state.config.failRoleAssignment = null;
});

const recordLease: RecordLease = async (record, ctx) => {
  if (recordFails) throw recordFails;
  leases.push({ ...record, context: ctx.context });
};

function registry() {
  leases = [];
  const provider = createAzureSpProvider({
    mintToken: (req) => mintEnvironmentToken({ ...req, issuer: f.issuer }),
    config: () => f.config,
    recordLease,
    clock: f.clock(),
  });
  return createProviderRegistry([provider]);
}

const LOGIN = `login:
          clientId: ${FERRY_APP}
          tenantId: ${TENANT}
          subscriptionId: /subscriptions/${SUBSCRIPTION}
          oidc: true`;

const doc = (body: string) => `values:
  azure:
    sp:
      fn::open::azure-sp:
${body
  .split("\n")
  .map((l) => `        ${l}`)
  .join("\n")}
  environmentVariables:
    ARM_CLIENT_ID: \${azure.sp.clientId}
    ARM_CLIENT_SECRET: \${azure.sp.clientSecret}
    ARM_TENANT_ID: \${azure.sp.tenantId}
    ARM_SUBSCRIPTION_ID: \${azure.sp.subscriptionId}
`;

const SP_DOC = doc(`${LOGIN.replace(/^ {8}/gm, "")}
roles:
  - roleName: Reader
    scope: /subscriptions/${SUBSCRIPTION}
  - roleName: Contributor
    scope: ${RG}
ttl: 30m
maxTtl: 2h`);

async function run(yaml: string, mode: "open" | "check" = "open") {
  const loaded = loadEnvironment(ENV, yaml);
  const args = {
    name: ENV,
    env: loaded.env,
    providers: registry(),
    context: { pulumi: { user: { id: f.owner.userId, login: f.owner.email }, organization: { login: ORG } } },
  };
  const result = mode === "check" ? await checkEnvironment(args) : await evalEnvironment(args);
  return { ...result, diagnostics: [...loaded.diagnostics, ...result.diagnostics] };
}

const prop = (v: EscValue | undefined, ...keys: string[]) => keys.reduce<EscValue | undefined>((cur, k) => (cur?.value as Record<string, EscValue> | undefined)?.[k], v);

describe("fn::open::azure-sp", () => {
  it("opens: a new service principal with the roles, its secret as a secret output, and a lease recorded without the secret", async () => {
    const before = Date.now();
    const r = await run(SP_DOC);
    expect(r.diagnostics).toEqual([]);
    const sp = prop(r.env?.properties?.azure, "sp");
    expect(leases).toHaveLength(1);
    const { lease, loginSecret, context } = leases[0];
    const ids = lease.externalIds;
    if (ids.kind !== "service-principal") throw new Error("expected a service principal lease");
    expect(prop(sp, "clientId")).toMatchObject({ value: ids.clientId });
    expect(prop(sp, "clientSecret")).toMatchObject({ secret: true });
    expect(prop(sp, "tenantId")).toMatchObject({ value: TENANT });
    expect(prop(sp, "subscriptionId")).toMatchObject({ value: SUBSCRIPTION });
    expect(prop(sp, "leaseId")).toMatchObject({ value: lease.leaseId });
    expect(prop(sp, "expiresAt")).toMatchObject({ value: lease.expiresAt });
    expect(Date.parse(lease.expiresAt) - Date.parse(lease.issuedAt)).toBe(30 * 60 * 1000);
    expect(Date.parse(lease.maxExpiresAt) - Date.parse(lease.issuedAt)).toBe(2 * 3600 * 1000);
    expect(Date.parse(lease.issuedAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(lease).toMatchObject({ provider: "azure-sp", renewable: true, revocable: true, login: { tenantId: TENANT, clientId: FERRY_APP, subscriptionId: SUBSCRIPTION, auth: "oidc", subjectAttributes: [] } });
    expect(loginSecret).toBeUndefined();
    expect(context).toMatchObject({ currentEnvironment: { name: ENV } });
    const secret = String(prop(sp, "clientSecret")?.value);
    expect(JSON.stringify(leases)).not.toContain(secret);
    // exactly the configured roles, on the principal the lease names
    expect(f.arm.state.roleAssignments.filter((a) => a.principalId === ids.servicePrincipalId).map((a) => [a.scope, a.roleDefinitionId.split("/").pop()]).sort()).toEqual(
      [
        [`/subscriptions/${SUBSCRIPTION}`, "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
        [RG, CONTRIBUTOR.name],
      ].sort(),
    );
    expect(getEnvironmentVariables(r.env)).toMatchObject({ ARM_CLIENT_ID: { value: ids.clientId }, ARM_CLIENT_SECRET: { value: secret, secret: true }, ARM_TENANT_ID: { value: TENANT } });
    // the lease holds what revocation needs: Ferry signs in again for the same environment and deletes it all
    const login = await signInAs(lease.login, { context, mintToken: (req) => mintEnvironmentToken({ ...req, issuer: f.issuer }) });
    expect(await revokeAzureSpLease(lease, login, { config: f.config })).toEqual({ warnings: [] });
    expect(f.graph.state.applications.some((a) => a.id === ids.applicationObjectId)).toBe(false);
    expect(f.arm.state.roleAssignments.some((a) => a.principalId === ids.servicePrincipalId)).toBe(false);
  });

  it("check mode shows the outputs as unknown and never calls Azure", async () => {
    const calls = [f.graph.calls.length, f.arm.calls.length, f.entra.issued.length];
    const r = await run(SP_DOC, "check");
    expect(r.diagnostics).toEqual([]);
    expect(prop(r.env?.properties?.azure, "sp")).toMatchObject({ unknown: true });
    expect([f.graph.calls.length, f.arm.calls.length, f.entra.issued.length]).toEqual(calls);
    expect(leases).toEqual([]);
  });

  it("the catalog's snippet checks cleanly with the same schemas", async () => {
    const provider = createAzureSpProvider({ mintToken: () => Promise.reject(new Error("unused")), config: () => f.config, recordLease });
    expect(azureSpDescription.inputSchema).toEqual(provider.inputSchema);
    expect(azureSpDescription.outputSchema).toEqual(provider.outputSchema);
    const yaml = `values:\n  x:\n${azureSpDescription.snippet!.split("\n").map((l) => `    ${l}`).join("\n")}\n`;
    const r = await run(yaml, "check");
    expect(r.diagnostics).toEqual([]);
  });

  it("adds a password to an existing application with a client-secret login, and hands the login secret to the lease store only", async () => {
    const app = { id: crypto.randomUUID(), appId: crypto.randomUUID(), displayName: "ci", notes: null, tags: [], createdDateTime: new Date().toISOString(), passwordCredentials: [] };
    f.graph.state.applications.push(app);
    f.graph.state.servicePrincipals.push({ id: crypto.randomUUID(), appId: app.appId, displayName: "ci" });
    const r = await run(doc(`login:\n  clientId: ${FERRY_APP}\n  tenantId: ${TENANT}\n  subscriptionId: ${SUBSCRIPTION}\n  clientSecret:\n    fn::secret: ${FERRY_SECRET}\napplicationObjectId: ${app.id}\ndisplayNamePrefix: ferry-ci-`));
    expect(r.diagnostics).toEqual([]);
    expect(prop(r.env?.properties?.azure, "sp", "clientId")).toMatchObject({ value: app.appId });
    const { lease, loginSecret } = leases[0];
    expect(lease.externalIds).toMatchObject({ kind: "application-password", applicationObjectId: app.id, clientId: app.appId });
    expect(lease.login.auth).toBe("client-secret");
    expect(loginSecret).toBe(FERRY_SECRET);
    expect(app.passwordCredentials).toEqual([expect.objectContaining({ displayName: `ferry-ci-${lease.leaseId}` })]);
    const mintToken = () => Promise.reject(new Error("a client-secret login mints nothing"));
    await expect(signInAs(lease.login, { context: {}, mintToken })).rejects.toThrow("azure-sp: this lease's login uses a client secret, and none was given");
    await revokeAzureSpLease(lease, await signInAs(lease.login, { clientSecret: loginSecret, context: {}, mintToken }), { config: f.config });
    expect(app.passwordCredentials).toEqual([]);
  });

  it("a failing role assignment is a diagnostic at the fn::open, and nothing is left behind or leased", async () => {
    f.arm.state.config.failRoleAssignment = { roleDefinitionName: CONTRIBUTOR.name };
    const apps = f.graph.state.applications.length;
    const assignments = f.arm.state.roleAssignments.length;
    const r = await run(SP_DOC);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].summary).toMatch(/^azure-sp: assigning role "Contributor" at scope ".*rg-app" failed: AuthorizationFailed: .*; everything Ferry had created for it was deleted again$/);
    expect(r.diagnostics[0].range?.start.line).toBe(SP_DOC.split("\n").findIndex((l) => l.includes("fn::open::azure-sp")) + 1);
    expect([f.graph.state.applications.length, f.arm.state.roleAssignments.length]).toEqual([apps, assignments]);
    expect(leases).toEqual([]);
  });

  it("when the lease cannot be recorded, the credentials are deleted and the open fails without raw error text", async () => {
    const apps = f.graph.state.applications.length;
    recordFails = new Error("SQLITE_BUSY: database is locked");
    let r = await run(SP_DOC);
    expect(r.diagnostics.map((d) => d.summary)).toEqual(["azure-sp: Ferry could not record the lease for the new credentials (the lease store failed) and deleted them again"]);
    expect(f.graph.state.applications.length).toBe(apps);
    recordFails = new AppError("conflict", "This environment already has 100 active leases.");
    r = await run(SP_DOC);
    expect(r.diagnostics[0].summary).toBe("azure-sp: Ferry could not record the lease for the new credentials (This environment already has 100 active leases.) and deleted them again");
    expect(f.graph.state.applications.length).toBe(apps);
  });

  it.each([
    ["ttl above maxTtl", "roles:\n  - roleName: Reader\n    scope: /subscriptions/" + SUBSCRIPTION + "\nttl: 3h\nmaxTtl: 2h", /ttl \(3h\) is longer than maxTtl \(2h\)/],
    ["both modes", "roles:\n  - roleName: Reader\n    scope: /subscriptions/" + SUBSCRIPTION + "\napplicationObjectId: af0d4667-fec7-45a5-bc07-94b4cf313730", /not both/],
    ["neither mode", "ttl: 1h", /give `roles`/],
    ["a malformed group id (the schema, also in check mode)", "groups: [devs]", /string must match the pattern/],
    ["a bad scope", "roles:\n  - roleName: Reader\n    scope: subscriptions/" + SUBSCRIPTION, /roles\[0\].scope ".*" is not an Azure scope/],
    ["an unknown field", "roles:\n  - roleName: Reader\n    scope: /subscriptions/" + SUBSCRIPTION + "\nrole: Owner", /azure-sp: unknown field `role`/],
  ])("validates inputs before calling Azure: %s", async (_, rest, expected) => {
    const calls = f.graph.calls.length + f.arm.calls.length;
    const r = await run(doc(`${LOGIN.replace(/^ {8}/gm, "")}\n${rest}`));
    expect(r.diagnostics.map((d) => d.summary).join("\n")).toMatch(expected);
    expect(f.graph.calls.length + f.arm.calls.length).toBe(calls);
    expect(leases).toEqual([]);
  });
});
