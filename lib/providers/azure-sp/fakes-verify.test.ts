// The fake Graph and ARM refuse tokens as the real APIs do: missing, expired, for the other API,
// from another tenant, or signed by a key Entra does not publish. Without this, every other
// azure-sp test could pass against fakes that accept anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetch as undiciFetch, Agent } from "undici";
import { FERRY_APP, GROUP_A, startAzureSpFakes, SUBSCRIPTION, TENANT, type AzureSpFakes } from "../../../testing/azure-sp-fakes";
import { createEntraSigner } from "../../../testing/fakes/entra-tokens";

let f: AzureSpFakes;
beforeAll(async () => {
  f = await startAzureSpFakes();
});
afterAll(async () => {
  await f?.close();
});

describe("the fakes verify tokens as Graph and ARM do", () => {
  const graphPath = () => `${f.graph.url}/v1.0/groups/${GROUP_A}`;
  const armPath = () => `${f.arm.url}/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01`;
  const token = (resource: string, over: { lifetimeSeconds?: number; tenantId?: string } = {}) =>
    f.entra.signer.mint({ tenantId: over.tenantId ?? TENANT, appId: FERRY_APP, objectId: crypto.randomUUID(), resource, lifetimeSeconds: over.lifetimeSeconds });

  it("accept a token from the fake Entra for their own audience", async () => {
    expect((await call(graphPath(), await token("https://graph.microsoft.com"))).status).toBe(200);
    expect((await call(armPath(), await token("https://management.azure.com"))).status).toBe(200);
  });

  const GRAPH = "https://graph.microsoft.com";
  const ARM = "https://management.azure.com";
  it.each<[string, (own: string, other: string) => Promise<string | undefined>, string, string]>([
    ["no token", async () => undefined, "InvalidAuthenticationToken", "AuthenticationFailed"],
    ["an expired token", (own) => token(own, { lifetimeSeconds: -600 }), "InvalidAuthenticationToken", "ExpiredAuthenticationToken"],
    ["the other API's token", (_, other) => token(other), "InvalidAuthenticationToken", "InvalidAuthenticationToken"],
    ["a token from another tenant", (own) => token(own, { tenantId: "99999999-0000-4000-8000-000000000000" }), "InvalidAuthenticationToken", "InvalidAuthenticationTokenTenant"],
    ["a token signed by another key", async (own) => (await createEntraSigner()).mint({ tenantId: TENANT, appId: FERRY_APP, objectId: "x", resource: own }), "InvalidAuthenticationToken", "InvalidAuthenticationToken"],
  ])("refuse %s", async (_, make, graphCode, armCode) => {
    const g = await call(graphPath(), await make(GRAPH, ARM));
    expect([g.status, g.body.error.code]).toEqual([401, graphCode]);
    const a = await call(armPath(), await make(ARM, GRAPH));
    expect([a.status, a.body.error.code]).toEqual([401, armCode]);
  });
});

async function call(url: string, token: string | undefined) {
  const res = await undiciFetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, dispatcher: new Agent({ connect: { ca: f.caPem } }) });
  return { status: res.status, body: (await res.json()) as { error: { code: string } } };
}

