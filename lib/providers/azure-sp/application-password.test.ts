// A new password on an existing application per lease (Vault's "static" service principal
// mode), with the real Graph SDK against the fake Graph.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { entraSignIn, expectAzureSpFailure, startAzureSpFakes, TENANT, type AzureSpFakes } from "../../../testing/azure-sp-fakes";
import { addApplicationPassword, removeApplicationPassword } from "./operations";

let f: AzureSpFakes;
beforeAll(async () => {
  f = await startAzureSpFakes();
});
afterAll(async () => {
  await f?.close();
});
afterEach(() => {
  f.graph.state.config.maxPasswordsPerApplication = 100;
});

describe("an existing application", () => {
  const seedApp = () => {
    const app = { id: crypto.randomUUID(), appId: crypto.randomUUID(), displayName: "payments-ci", notes: null, tags: [], createdDateTime: new Date().toISOString(), passwordCredentials: [{ keyId: crypto.randomUUID(), displayName: "hand-made", hint: "abc", startDateTime: new Date().toISOString(), endDateTime: new Date(Date.now() + 1e9).toISOString() }] };
    f.graph.state.applications.push(app);
    f.graph.state.servicePrincipals.push({ id: crypto.randomUUID(), appId: app.appId, displayName: app.displayName });
    return app;
  };

  it("gets exactly one new password, marked as Ferry's, and loses exactly that one", async () => {
    const app = seedApp();
    const clock = f.clock();
    const r = await addApplicationPassword({ login: f.oidcLogin(), applicationObjectId: app.id, displayNamePrefix: "ferry-", maxTtlSeconds: 7200, marker: "lease-42" }, { config: f.config, clock });
    expect(r.ids).toEqual({ kind: "application-password", tenantId: TENANT, applicationObjectId: app.id, clientId: app.appId, keyId: expect.any(String) });
    expect(app.passwordCredentials.map((p) => p.displayName)).toEqual(["hand-made", "ferry-lease-42"]);
    expect(Date.parse(app.passwordCredentials[1].endDateTime)).toBe(clock.now() + 7200 * 1000);
    expect((await entraSignIn(f, app.appId, r.clientSecret)).status).toBe(200);
    await removeApplicationPassword({ login: f.oidcLogin(), ids: r.ids }, { config: f.config });
    expect(app.passwordCredentials.map((p) => p.displayName)).toEqual(["hand-made"]);
    // removing again, or after the application is gone, is success
    await removeApplicationPassword({ login: f.oidcLogin(), ids: r.ids }, { config: f.config });
    f.graph.state.applications.splice(f.graph.state.applications.indexOf(app), 1);
    await removeApplicationPassword({ login: f.secretLogin(), ids: r.ids }, { config: f.config });
  });

  it("at Azure's password limit, says so clearly and adds nothing", async () => {
    const app = seedApp();
    f.graph.state.config.maxPasswordsPerApplication = 1;
    const err = await expectAzureSpFailure(addApplicationPassword({ login: f.oidcLogin(), applicationObjectId: app.id, displayNamePrefix: "ferry-", maxTtlSeconds: 7200, marker: "x" }, { config: f.config }));
    expect(err.message).toBe(`azure-sp: application ${app.appId} has as many passwords as Azure allows (TooManyAppPasswords: Not allowed to add 2 passwords. You can only add a maximum of 1 passwords.); remove unused ones, or wait for leases to end`);
    expect(app.passwordCredentials).toHaveLength(1);
  });

  it("an application that does not exist is named", async () => {
    const err = await expectAzureSpFailure(addApplicationPassword({ login: f.oidcLogin(), applicationObjectId: "00000000-0000-4000-8000-000000000404", displayNamePrefix: "ferry-", maxTtlSeconds: 7200, marker: "x" }, { config: f.config }));
    expect(err.message).toMatch(/^azure-sp: reading application 00000000-0000-4000-8000-000000000404 failed: Request_ResourceNotFound: Resource '00000000-0000-4000-8000-000000000404' does not exist/);
  });
});
