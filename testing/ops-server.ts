// A Ferry server without Next (server/logs.test.ts): ops endpoints, instrumentation and the lean
// API router over a fresh SQLite database in FERRY_DATA_DIR, seeded with an environment that
// holds OPS_SECRET. Writes { port, token } to OPS_INFO_FILE (not stdout: the test scans stdout
// for the token) and serves until SIGTERM.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { readConfig } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { prepareSecretsAtRest } from "../lib/crypto/startup";
import { signUp } from "../lib/users/users";
import { createOrganization } from "../lib/orgs/orgs";
import { createEnvironment } from "../lib/environments/environments";
import { createAccessToken } from "../lib/tokens/access-tokens";
import { createFerryServer, listen, shutdownOnSignals } from "../server/http-server";
import { createLeanRouter } from "../server/api-router";
import { handleOps, instrument } from "../server/ops";

async function main() {
  await migrate(readConfig());
  await prepareSecretsAtRest(() => {});
  const u = await signUp({ email: "ops@example.com", password: "ops test password" });
  const actor = { userId: u.id };
  await createOrganization(actor, { name: "ops" });
  const yaml = `values:\n  plain: visible\n  pw:\n    fn::secret: ${process.env.OPS_SECRET}\n  environmentVariables:\n    PW: \${pw}\n`;
  await createEnvironment(actor, "ops", { project: "default", name: "app", yaml });
  const { token } = await createAccessToken(actor, { name: "ops" });
  const router = createLeanRouter(path.resolve(import.meta.dirname, "../app"));
  const state = { stopping: false };
  const server = createFerryServer(
    (req, res) => {
      const ops = handleOps(req, res, state);
      if (ops) return ops;
      const t = instrument(req, res);
      return router.handle(req, res, t.setRoute) || void res.writeHead(404).end();
    },
    { trustedProxies: 0 },
  );
  await listen(server, 0, "127.0.0.1");
  shutdownOnSignals(server, { onStopping: () => void (state.stopping = true) });
  writeFileSync(process.env.OPS_INFO_FILE!, JSON.stringify({ port: (server.address() as AddressInfo).port, token }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
