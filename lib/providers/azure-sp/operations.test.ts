// azure-sp's Azure operations with the real SDKs (@azure/identity, @azure/arm-authorization,
// @microsoft/microsoft-graph-client) against the fake Entra, Graph and ARM, which verify the
// tokens they are given. Ferry signs in with an assertion from its real issuer (lib/oidc) or a
// client secret. Time is injected: replication retries do not sleep.
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CONTRIBUTOR, DEPLOYER_SUB, FERRY_APP, GROUP_A, GROUP_B, READER, RG, startAzureSpFakes, SUBSCRIPTION, TENANT, entraSignIn, expectAzureSpFailure, type AzureSpFakes } from "../../../testing/azure-sp-fakes";
import { createServicePrincipal, deleteServicePrincipal, type CreateServicePrincipalRequest } from "./operations";
import { REPLICATION_WAIT_MS } from "./retry";

const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const DAY = 86400;

let f: AzureSpFakes;
beforeAll(async () => {
  f = await startAzureSpFakes();
});
afterAll(async () => {
  await f?.close();
});
afterEach(() => {
  f.arm.state.config.principalNotFoundCount = 0;
  f.arm.state.config.failRoleAssignment = null;
  f.graph.state.config.memberNotFoundCount = 0;
  f.graph.state.config.maxPasswordsPerApplication = 100;
  f.graph.faults.length = 0;
  f.arm.faults.length = 0;
});

/** Everything the fakes hold that an open could create. */
const inventory = () => ({
  applications: f.graph.state.applications.map((a) => a.id).sort(),
  servicePrincipals: f.graph.state.servicePrincipals.map((s) => s.id).sort(),
  members: f.graph.state.groups.map((g) => [g.id, [...g.members].sort()]),
  assignments: f.arm.state.roleAssignments.map((a) => a.id).sort(),
});

const request = (over: Partial<CreateServicePrincipalRequest> = {}): CreateServicePrincipalRequest => ({
  login: f.oidcLogin(),
  roles: [{ roleName: "Reader", scope: SUB_SCOPE }],
  groups: [],
  displayNamePrefix: "ferry-",
  maxTtlSeconds: DAY,
  marker: "lease-test",
  ...over,
});

describe("createServicePrincipal", () => {
  it("creates exactly the application, service principal, password, role assignments and memberships", async () => {
    const before = inventory();
    const clock = f.clock();
    const start = clock.now();
    const r = await createServicePrincipal(
      request({
        roles: [
          { roleName: "reader", scope: SUB_SCOPE }, // names resolve case-insensitively
          { roleId: CONTRIBUTOR.name, scope: RG },
          { roleId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${DEPLOYER_SUB.name}`, scope: SUB_SCOPE },
        ],
        groups: [GROUP_A, GROUP_B],
      }),
      { config: f.config, clock },
    );
    const app = f.graph.state.applications.find((a) => a.id === r.ids.applicationObjectId)!;
    expect(app.displayName).toMatch(/^ferry-[0-9a-f]{8}$/);
    expect(app.notes).toContain("lease-test");
    expect(app.appId).toBe(r.ids.clientId);
    expect(app.passwordCredentials).toHaveLength(1);
    expect(app.passwordCredentials[0]).toMatchObject({ keyId: r.ids.passwordKeyId, displayName: "ferry-lease-test" });
    // Azure stops accepting the password at maxTtl even if Ferry never cleans up
    expect(Date.parse(app.passwordCredentials[0].endDateTime)).toBe(start + DAY * 1000);
    expect(Date.parse(r.secretExpiresAt)).toBe(start + DAY * 1000);
    const sp = f.graph.state.servicePrincipals.find((s) => s.appId === app.appId)!;
    expect(sp.id).toBe(r.ids.servicePrincipalId);
    const mine = f.arm.state.roleAssignments.filter((a) => a.principalId === sp.id);
    expect(mine.map((a) => [a.scope, a.roleDefinitionId, a.principalType]).sort()).toEqual(
      [
        [SUB_SCOPE, `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${READER.name}`, "ServicePrincipal"],
        [RG, `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR.name}`, "ServicePrincipal"],
        [SUB_SCOPE, `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${DEPLOYER_SUB.name}`, "ServicePrincipal"],
      ].sort(),
    );
    expect(r.ids.roleAssignmentIds.sort()).toEqual(mine.map((a) => a.id).sort());
    expect(r.ids.groupIds).toEqual([GROUP_A, GROUP_B]);
    for (const g of f.graph.state.groups) expect(g.members).toContain(sp.id);
    // nothing else appeared
    expect(inventory().applications).toEqual([...before.applications, app.id].sort());
    expect(inventory().assignments).toHaveLength(before.assignments.length + 3);
    // the secret is real: the new principal signs in at Entra with it
    const signIn = await entraSignIn(f, r.ids.clientId, r.clientSecret);
    expect(signIn.status).toBe(200);
    expect(JSON.stringify(r.ids)).not.toContain(r.clientSecret);
  });

  it("signs in with a client secret too", async () => {
    const r = await createServicePrincipal(request({ login: f.secretLogin() }), { config: f.config, clock: f.clock() });
    expect(f.graph.state.servicePrincipals.some((s) => s.id === r.ids.servicePrincipalId)).toBe(true);
    expect(f.entra.issued.filter((t) => t.clientId === FERRY_APP && t.subject === "").map((t) => t.resource)).toEqual(expect.arrayContaining(["https://graph.microsoft.com", "https://management.azure.com"]));
  });

  it.each([
    ["matches two role definitions", { roleName: "Deployer", scope: RG }, /role "Deployer" matches 2 role definitions at scope ".*rg-app" \(.*d1d1d1d1.*d2d2d2d2.*\): give roleId instead/, "RoleNameAmbiguous"],
    ["matches none", { roleName: "Astronaut", scope: SUB_SCOPE }, /no role definition named "Astronaut" exists at scope "\/subscriptions\/5a6b/, "RoleNotFound"],
    ["names a role definition that does not exist", { roleId: "00000000-0000-4000-8000-00000000dead", scope: SUB_SCOPE }, /role definition "00000000-0000-4000-8000-00000000dead" does not exist at scope .*RoleDefinitionDoesNotExist/, "RoleDefinitionDoesNotExist"],
    ["names a resource group that does not exist", { roleName: "Reader", scope: `${SUB_SCOPE}/resourceGroups/nope` }, /looking up role "Reader" at scope ".*nope" failed: ResourceGroupNotFound: Resource group 'nope' could not be found/, "ResourceGroupNotFound"],
  ])("a role that %s fails naming it, with nothing created", async (_, role, expected, code) => {
    const before = inventory();
    const graphCalls = f.graph.calls.length;
    const err = await expectAzureSpFailure(createServicePrincipal(request({ roles: [{ roleName: "Reader", scope: SUB_SCOPE }, role] }), { config: f.config, clock: f.clock() }));
    expect(err.message).toMatch(expected);
    expect(err.code).toBe(code);
    expect(inventory()).toEqual(before);
    expect(f.graph.calls.slice(graphCalls).filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("a group that does not exist fails before anything is created", async () => {
    const before = inventory();
    const err = await expectAzureSpFailure(createServicePrincipal(request({ groups: [GROUP_A, "00000000-0000-4000-8000-0000000000ff"] }), { config: f.config, clock: f.clock() }));
    expect(err.message).toMatch(/group 00000000-0000-4000-8000-0000000000ff does not exist in tenant/);
    expect(inventory()).toEqual(before);
  });

  it("one failing role assignment leaves nothing behind and names the role and scope", async () => {
    const before = inventory();
    f.arm.state.config.failRoleAssignment = { roleDefinitionName: CONTRIBUTOR.name, scope: RG };
    const err = await expectAzureSpFailure(
      createServicePrincipal(request({ roles: [{ roleName: "Reader", scope: SUB_SCOPE }, { roleName: "Contributor", scope: RG }], groups: [GROUP_A] }), { config: f.config, clock: f.clock() }),
    );
    expect(err.message).toMatch(/^azure-sp: assigning role "Contributor" at scope "\/subscriptions\/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d\/resourceGroups\/rg-app" failed: AuthorizationFailed: The client 'c0ffee00-.*' with object id .* does not have authorization to perform action 'Microsoft.Authorization\/roleAssignments\/write'/);
    expect(err.message).toMatch(/everything Ferry had created for it was deleted again$/);
    expect(err.code).toBe("AuthorizationFailed");
    expect(err.leftBehind).toEqual([]);
    // the Reader assignment made first was removed again, and so were the app and its principal
    expect(inventory()).toEqual(before);
  });

  it("a failing group membership also undoes everything", async () => {
    const before = inventory();
    f.graph.faults.push({ method: "POST", path: `^/v1\\.0/groups/${GROUP_B}/members/\\$ref$`, status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
    const err = await expectAzureSpFailure(createServicePrincipal(request({ groups: [GROUP_A, GROUP_B] }), { config: f.config, clock: f.clock() }));
    expect(err.message).toMatch(new RegExp(`adding the service principal to group ${GROUP_B} failed: Authorization_RequestDenied: Insufficient privileges.*deleted again$`));
    expect(inventory()).toEqual(before);
  });

  it("when undoing fails too, the error lists exactly what remains", async () => {
    f.arm.state.config.failRoleAssignment = { roleDefinitionName: READER.name };
    f.graph.faults.push({ method: "DELETE", path: "^/v1\\.0/applications/", status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
    const err = await expectAzureSpFailure(createServicePrincipal(request(), { config: f.config, clock: f.clock() }));
    const left = f.graph.state.applications.filter((a) => a.notes?.includes("lease-test") && !f.graph.state.servicePrincipals.some((s) => s.appId === a.appId));
    expect(left).toHaveLength(1);
    expect(err.leftBehind).toEqual([`application ${left[0].id} (client id ${left[0].appId}) (Authorization_RequestDenied: Insufficient privileges to complete the operation.)`]);
    expect(err.message).toContain(`deleting what Ferry had created failed too, so these remain in tenant ${TENANT}: application ${left[0].id}`);
    f.graph.faults.length = 0;
    await deleteServicePrincipal({ login: f.secretLogin(), ids: { kind: "service-principal", tenantId: TENANT, applicationObjectId: left[0].id, clientId: left[0].appId, servicePrincipalId: "", passwordKeyId: "", roleAssignmentIds: [], groupIds: [] } }, { config: f.config });
  });

  it("waits out Graph → ARM replication (PrincipalNotFound) with backoff", async () => {
    f.arm.state.config.principalNotFoundCount = 3;
    const clock = f.clock();
    const puts = () => f.arm.calls.filter((c) => c.method === "PUT").length;
    const before = puts();
    const r = await createServicePrincipal(request(), { config: f.config, clock });
    expect(clock.slept).toEqual([1000, 2000, 4000]);
    expect(puts() - before).toBe(4);
    expect(f.arm.state.roleAssignments.filter((a) => a.principalId === r.ids.servicePrincipalId)).toHaveLength(1);
  });

  it(`gives up after ${REPLICATION_WAIT_MS / 1000} s of replication delay, leaving nothing`, async () => {
    f.arm.state.config.principalNotFoundCount = 1000;
    const before = inventory();
    const clock = f.clock();
    const err = await expectAzureSpFailure(createServicePrincipal(request(), { config: f.config, clock }));
    expect(err.message).toMatch(/assigning role "Reader" at scope .* failed: PrincipalNotFound: Principal [0-9a-f]+ does not exist in the directory/);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(REPLICATION_WAIT_MS);
    expect(clock.slept.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 10000]);
    expect(inventory()).toEqual(before);
  });

  it("cancelled while waiting out replication, it still undoes everything", async () => {
    f.arm.state.config.principalNotFoundCount = 5;
    const before = inventory();
    const controller = new AbortController();
    const clock = { ...f.clock(), sleep: async () => {
      controller.abort();
      controller.signal.throwIfAborted();
    } };
    const err = await expectAzureSpFailure(createServicePrincipal(request(), { config: f.config, clock, signal: controller.signal }));
    expect(err.message).toMatch(/assigning role "Reader" .* failed: Cancelled: the open was cancelled before this step finished; everything Ferry had created for it was deleted again$/);
    expect(inventory()).toEqual(before);
  });

  it("waits out replication for group memberships too", async () => {
    f.graph.state.config.memberNotFoundCount = 2;
    const clock = f.clock();
    const r = await createServicePrincipal(request({ roles: [], groups: [GROUP_B] }), { config: f.config, clock });
    expect(clock.slept).toEqual([1000, 2000]);
    expect(f.graph.state.groups.find((g) => g.id === GROUP_B)!.members).toContain(r.ids.servicePrincipalId);
  });
});

describe("deleteServicePrincipal", () => {
  it("removes everything and is idempotent", async () => {
    const before = inventory();
    const r = await createServicePrincipal(request({ roles: [{ roleName: "Reader", scope: SUB_SCOPE }, { roleName: "Contributor", scope: RG }], groups: [GROUP_A] }), { config: f.config, clock: f.clock() });
    expect(await deleteServicePrincipal({ login: f.oidcLogin(), ids: r.ids }, { config: f.config })).toEqual({ warnings: [] });
    expect(inventory()).toEqual(before);
    expect((await entraSignIn(f, r.ids.clientId, r.clientSecret)).status).toBe(400);
    // twice, and after someone removed parts by hand, is still success
    expect(await deleteServicePrincipal({ login: f.oidcLogin(), ids: r.ids }, { config: f.config })).toEqual({ warnings: [] });
  });

  it("reports what failed with the cloud's code; bookkeeping failures are warnings, a remaining application is an error", async () => {
    const r = await createServicePrincipal(request(), { config: f.config, clock: f.clock() });
    f.arm.faults.push({ method: "DELETE", path: "roleAssignments", status: 403, code: "AuthorizationFailed", message: "The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/delete'." });
    const result = await deleteServicePrincipal({ login: f.secretLogin(), ids: r.ids }, { config: f.config });
    expect(result.warnings).toEqual([expect.stringMatching(/^role assignment \/subscriptions\/.*\/roleAssignments\/.* \(AuthorizationFailed: The client does not have authorization .*\)$/)]);
    expect(f.graph.state.applications.some((a) => a.id === r.ids.applicationObjectId)).toBe(false);
    f.arm.faults.length = 0;

    const again = await createServicePrincipal(request({ roles: [], groups: [GROUP_A] }), { config: f.config, clock: f.clock() });
    f.graph.faults.push({ method: "DELETE", path: `^/v1\\.0/applications/${again.ids.applicationObjectId}$`, status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
    const err = await expectAzureSpFailure(deleteServicePrincipal({ login: f.secretLogin(), ids: again.ids }, { config: f.config }));
    expect(err.message).toBe(`azure-sp: deleting application ${again.ids.applicationObjectId} (client id ${again.ids.clientId}) failed: Authorization_RequestDenied: Insufficient privileges to complete the operation.`);
    expect(err.code).toBe("Authorization_RequestDenied");
    expect(await deleteServicePrincipal({ login: f.secretLogin(), ids: again.ids }, { config: f.config })).toEqual({ warnings: [] });
  });
});

describe("Ferry's own sign-in and reachability", () => {
  it("a wrong client secret fails with Entra's code before anything is created", async () => {
    const before = inventory();
    const err = await expectAzureSpFailure(createServicePrincipal(request({ login: f.secretLogin("wrong") }), { config: f.config }));
    expect(err.message).toMatch(/^azure-sp: Entra refused the client secret for client c0ffee00-1111-4222-8333-444455556666 in tenant .*: AADSTS7000215: Invalid client secret provided\..*Likely fix: Check the client secret/);
    expect(err.message).not.toContain("wrong");
    expect(inventory()).toEqual(before);
  });

  it("an assertion for an environment the federated credential does not trust says what Ferry presented", async () => {
    const login = f.oidcLogin("payments/prod");
    login.presented = { iss: f.issuer, sub: "ferry:environments:org:acme:env:payments/prod", aud: "azure:acme" };
    const err = await expectAzureSpFailure(createServicePrincipal(request({ login }), { config: f.config }));
    expect(err.message).toMatch(/^azure-sp: Entra refused the client assertion .*AADSTS700213.*sub "ferry:environments:org:acme:env:payments\/prod".*Subject mismatch/);
    expect(err.code).toBe("AADSTS700213");
  });

  it("an unreachable Graph endpoint names the variable to check", async () => {
    const closed = await closedPort();
    const config = { ...f.config, azure: { ...f.config.azure, graphEndpoint: `https://127.0.0.1:${closed}` } };
    const err = await expectAzureSpFailure(createServicePrincipal(request({ roles: [], groups: [GROUP_A] }), { config }));
    expect(err.message).toBe(`azure-sp: looking up group ${GROUP_A} failed: could not reach Microsoft Graph at https://127.0.0.1:${closed} (ECONNREFUSED); check FERRY_AZURE_GRAPH_ENDPOINT and FERRY_AZURE_CA_BUNDLE`);
  });
});

/** A port nothing listens on (not one fetch refuses outright, such as 9). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
