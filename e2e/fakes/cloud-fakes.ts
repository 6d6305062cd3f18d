// The fake clouds the browser specs run against, started by e2e/support/serve.ts BEFORE the
// console (whose provider endpoints point at them). Fixed ports so specs can configure trust
// (POST /_fake/trust) and read what was issued (GET /_fake/issued).
import path from "node:path";
import { startFakeEntra, type FakeEntra } from "./fake-entra";
import { startFakeSts, type FakeSts } from "./fake-sts";
import { createTestCa, type TestCa } from "./test-ca";
import { E2E_PORT } from "../support/paths";

// Next to the console's port, so E2E_PORT alone moves a whole run out of another's way.
export const FAKE_STS_PORT = Number(process.env.E2E_FAKE_STS_PORT ?? E2E_PORT + 1);
export const FAKE_ENTRA_PORT = Number(process.env.E2E_FAKE_ENTRA_PORT ?? E2E_PORT + 2);
export const FAKE_STS_URL = `http://127.0.0.1:${FAKE_STS_PORT}`;
export const FAKE_ENTRA_URL = `https://127.0.0.1:${FAKE_ENTRA_PORT}`;

export interface CloudFakes {
  sts: FakeSts;
  entra: FakeEntra;
  ca: TestCa;
  /** the console's environment: where its providers send their exchanges */
  consoleEnv: Record<string, string>;
  close(): Promise<void>;
}

/** Makes a test CA in `dir`, starts both fakes and returns the variables for the console. */
export async function startCloudFakes(dir: string): Promise<CloudFakes> {
  const ca = createTestCa(path.join(dir, "ca"));
  const sts = await startFakeSts({ port: FAKE_STS_PORT });
  const entra = await startFakeEntra({ port: FAKE_ENTRA_PORT, tls: { key: ca.serverKeyPem, cert: ca.serverCertPem } });
  return {
    sts,
    entra,
    ca,
    consoleEnv: {
      FERRY_AWS_STS_ENDPOINT: sts.url,
      FERRY_AWS_REGION: "us-east-1",
      FERRY_AZURE_AUTHORITY_HOST: entra.url,
      FERRY_AZURE_CA_BUNDLE: ca.caCertPath,
    },
    close: async () => {
      await Promise.all([sts.close(), entra.close()]);
    },
  };
}
