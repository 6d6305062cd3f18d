// The fake clouds the browser specs run against, started by e2e/support/serve.ts BEFORE the
// console (whose provider endpoints point at them). Fixed ports so specs can configure trust
// (POST /_fake/trust, /_fake/config) and read what was issued or exists (GET /_fake/issued,
// /_fake/state).
import path from "node:path";
import { startFakeEntra, type FakeEntra } from "../../testing/fakes/fake-entra";
import { startFakeSts, type FakeSts } from "../../testing/fakes/fake-sts";
import { startFakeGraph, type FakeGraph } from "../../testing/fakes/fake-graph";
import { startFakeArm, type FakeArm } from "../../testing/fakes/fake-arm";
import { createTestCa, type TestCa } from "../../testing/fakes/test-ca";
import { E2E_PORT } from "../support/paths";

// Next to the console's port, so E2E_PORT alone moves a whole run out of another's way.
export const FAKE_STS_PORT = Number(process.env.E2E_FAKE_STS_PORT ?? E2E_PORT + 1);
export const FAKE_ENTRA_PORT = Number(process.env.E2E_FAKE_ENTRA_PORT ?? E2E_PORT + 2);
export const FAKE_GRAPH_PORT = Number(process.env.E2E_FAKE_GRAPH_PORT ?? E2E_PORT + 3);
export const FAKE_ARM_PORT = Number(process.env.E2E_FAKE_ARM_PORT ?? E2E_PORT + 4);
export const FAKE_STS_URL = `http://127.0.0.1:${FAKE_STS_PORT}`;
export const FAKE_ENTRA_URL = `https://127.0.0.1:${FAKE_ENTRA_PORT}`;
export const FAKE_GRAPH_URL = `https://127.0.0.1:${FAKE_GRAPH_PORT}`;
export const FAKE_ARM_URL = `https://127.0.0.1:${FAKE_ARM_PORT}`;

/** The directory the fake Graph serves and the subscription the fake ARM knows (in that tenant). */
export const FAKE_AZURE_TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const FAKE_AZURE_SUBSCRIPTION_ID = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

export interface CloudFakes {
  sts: FakeSts;
  entra: FakeEntra;
  graph: FakeGraph;
  arm: FakeArm;
  ca: TestCa;
  /** the console's environment: where its providers send their exchanges */
  consoleEnv: Record<string, string>;
  close(): Promise<void>;
}

/** Makes a test CA in `dir`, starts the fakes and returns the variables for the console. */
export async function startCloudFakes(dir: string): Promise<CloudFakes> {
  const ca = createTestCa(path.join(dir, "ca"));
  const tls = { key: ca.serverKeyPem, cert: ca.serverCertPem };
  const sts = await startFakeSts({ port: FAKE_STS_PORT });
  const entra = await startFakeEntra({ port: FAKE_ENTRA_PORT, tls });
  const graph = await startFakeGraph({ port: FAKE_GRAPH_PORT, tls, signer: entra.signer, tenantId: FAKE_AZURE_TENANT_ID });
  entra.directories.push(graph);
  const arm = await startFakeArm({
    port: FAKE_ARM_PORT,
    tls,
    signer: entra.signer,
    principalExists: graph.objectExists,
    subscriptions: { [FAKE_AZURE_SUBSCRIPTION_ID]: FAKE_AZURE_TENANT_ID },
  });
  return {
    sts,
    entra,
    graph,
    arm,
    ca,
    consoleEnv: {
      FERRY_AWS_STS_ENDPOINT: sts.url,
      FERRY_AWS_REGION: "us-east-1",
      FERRY_AZURE_AUTHORITY_HOST: entra.url,
      FERRY_AZURE_CA_BUNDLE: ca.caCertPath,
      FERRY_AZURE_GRAPH_ENDPOINT: graph.url,
      FERRY_AZURE_ARM_ENDPOINT: arm.url,
    },
    close: async () => {
      await Promise.all([sts.close(), entra.close(), graph.close(), arm.close()]);
    },
  };
}
