// The Azure side of azure-sp tests: Ferry's OIDC issuer served over HTTP (the real lib/oidc keys
// and discovery document), a per-run CA, and the fake Entra, Graph and ARM (testing/fakes) wired to
// each other, with Ferry's own app registered in Entra (a federated credential for one
// environment and a client secret). Domain tests only: minting needs the database.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { discoveryDocument } from "../lib/oidc/issuer";
import { ensureSigningKey, publishedSigningKeys } from "../lib/oidc/signing-keys";
import { mintForContext as mintEnvironmentToken } from "./mint-token";
import { createOrganization } from "../lib/orgs/orgs";
import { createEnvironment } from "../lib/environments/environments";
import type { CloudConfig } from "../lib/providers/cloud-config";
import type { AzureSpLogin } from "../lib/providers/azure-sp/session";
import type { Clock } from "../lib/providers/azure-sp/retry";
import { startFakeEntra, type FakeEntra } from "./fakes/fake-entra";
import { startFakeGraph, type FakeGraph } from "./fakes/fake-graph";
import { BUILT_IN_ROLES, startFakeArm, type FakeArm } from "./fakes/fake-arm";
import { createTestCa } from "./fakes/test-ca";
import { expect } from "vitest";
import { Agent, fetch as undiciFetch } from "undici";
import { AzureSpError } from "../lib/providers/azure-sp/cloud-errors";
import { makeUser } from "./factories";

export const TENANT = "0f1e2d3c-4b5a-4697-8876-a5b4c3d2e1f0";
export const SUBSCRIPTION = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
export const OTHER_SUBSCRIPTION = "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e";
export const FERRY_APP = "c0ffee00-1111-4222-8333-444455556666";
export const FERRY_SECRET = "ferry-login-secret~value";
export const ORG = "acme";
export const ENV = "payments/dev";
export const SUB = `ferry:environments:org:${ORG}:env:${ENV}`;
export const RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app`;
export const READER = BUILT_IN_ROLES.find((r) => r.roleName === "Reader")!;
export const CONTRIBUTOR = BUILT_IN_ROLES.find((r) => r.roleName === "Contributor")!;
/** two custom roles of one name, both visible at RG: "Deployer" is ambiguous there */
export const DEPLOYER_SUB = { name: "d1d1d1d1-0000-4000-8000-000000000001", roleName: "Deployer", type: "CustomRole" as const, assignableScopes: [`/subscriptions/${SUBSCRIPTION}`] };
export const DEPLOYER_RG = { name: "d2d2d2d2-0000-4000-8000-000000000002", roleName: "deployer", type: "CustomRole" as const, assignableScopes: [RG] };
export const GROUP_A = "a0a0a0a0-0000-4000-8000-00000000000a";
export const GROUP_B = "b0b0b0b0-0000-4000-8000-00000000000b";

export interface AzureSpFakes {
  issuer: string;
  entra: FakeEntra;
  graph: FakeGraph;
  arm: FakeArm;
  caPem: string;
  config: CloudConfig;
  owner: Awaited<ReturnType<typeof makeUser>>;
  /** Ferry's login with a federated assertion minted for ORG/ENV */
  oidcLogin(env?: string): AzureSpLogin;
  secretLogin(secret?: string): AzureSpLogin;
  /** a clock whose sleeps move time forward instantly; `slept` lists every pause */
  clock(): Clock & { slept: number[] };
  close(): Promise<void>;
}

export async function startAzureSpFakes(): Promise<AzureSpFakes> {
  await ensureSigningKey();
  const owner = await makeUser();
  await createOrganization(owner, { name: ORG });
  for (const [project, name] of [["payments", "dev"], ["payments", "prod"]]) await createEnvironment(owner, ORG, { project, name });
  let issuer = "";
  const issuerServer: Server = createServer(async (req, res) => {
    if (req.url === "/oidc/.well-known/openid-configuration") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(discoveryDocument(issuer)));
    if (req.url === "/oidc/.well-known/jwks") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: await publishedSigningKeys() }));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => issuerServer.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}/oidc`;

  const ca = createTestCa(mkdtempSync(path.join(tmpdir(), "ferry-azure-ca-")));
  const tls = { key: ca.serverKeyPem, cert: ca.serverCertPem };
  const entra = await startFakeEntra({
    tls,
    apps: [{ tenantId: TENANT, clientId: FERRY_APP, federatedCredentials: [{ issuer, subject: SUB, audiences: [`azure:${ORG}`] }], clientSecrets: [FERRY_SECRET] }],
  });
  const graph = await startFakeGraph({
    tls,
    signer: entra.signer,
    tenantId: TENANT,
    groups: [
      { id: GROUP_A, displayName: "deployers", members: [] },
      { id: GROUP_B, displayName: "readers", members: [] },
    ],
  });
  entra.directories.push(graph);
  const arm = await startFakeArm({
    tls,
    signer: entra.signer,
    principalExists: graph.objectExists,
    subscriptions: { [SUBSCRIPTION]: TENANT, [OTHER_SUBSCRIPTION]: TENANT },
    resourceGroups: [RG],
    roleDefinitions: [...BUILT_IN_ROLES, DEPLOYER_SUB, DEPLOYER_RG],
  });
  const config: CloudConfig = {
    aws: { region: "us-east-1" },
    azure: { authorityHost: entra.url, disableInstanceDiscovery: true, caBundlePath: ca.caCertPath, graphEndpoint: graph.url, armEndpoint: arm.url },
  };
  const context = (env: string) => ({ pulumi: { user: { id: owner.userId, login: owner.email }, organization: { login: ORG } }, currentEnvironment: { name: env }, rootEnvironment: { name: env } });
  return {
    issuer,
    entra,
    graph,
    arm,
    caPem: ca.caPem,
    config,
    owner,
    oidcLogin: (env = ENV) => ({
      tenantId: TENANT,
      clientId: FERRY_APP,
      subscriptionId: SUBSCRIPTION,
      clientAssertion: async () => (await mintEnvironmentToken({ platform: "azure", issuer, lifetimeSeconds: 300, context: context(env) })).token,
    }),
    secretLogin: (secret = FERRY_SECRET) => ({ tenantId: TENANT, clientId: FERRY_APP, subscriptionId: SUBSCRIPTION, clientSecret: secret }),
    clock() {
      let t = Date.now();
      const slept: number[] = [];
      return {
        slept,
        now: () => t,
        sleep: async (ms: number) => {
          slept.push(ms);
          t += ms;
        },
      };
    },
    close: async () => {
      await Promise.all([entra.close(), graph.close(), arm.close(), new Promise((r) => issuerServer.close(r))]);
    },
  };
}

/** Awaits a failing azure-sp operation; its message must be a sentence for people (no stack, no token). */
export async function expectAzureSpFailure(p: Promise<unknown>): Promise<AzureSpError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AzureSpError);
    const err = e as AzureSpError;
    expect(err.message).not.toMatch(/\n\s+at |eyJ[\w-]+\./);
    return err;
  }
  throw new Error("expected the operation to fail");
}

/** Signs in at the fake Entra as an application with a client secret: proves a handed-out secret works. */
export async function entraSignIn(f: AzureSpFakes, clientId: string, secret: string): Promise<{ status: number }> {
  const res = await undiciFetch(`${f.entra.url}/${TENANT}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({ client_id: clientId, client_secret: secret, grant_type: "client_credentials", scope: "https://management.azure.com/.default" }),
    dispatcher: new Agent({ connect: { ca: f.caPem } }),
  });
  return { status: res.status };
}
