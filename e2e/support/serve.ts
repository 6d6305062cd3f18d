// The console under test: `npm start` (production build) on a fresh data directory, with its
// cloud endpoints pointed at the fake STS and Entra (e2e/fakes), which start first: the console
// must know their addresses and the test CA before it starts.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startCloudFakes } from "../fakes/cloud-fakes";
import { E2E_DATA_DIR, E2E_PORT, ROOT } from "./paths";

rmSync(E2E_DATA_DIR, { recursive: true, force: true });
mkdirSync(E2E_DATA_DIR, { recursive: true });
const fakes = await startCloudFakes(path.join(path.dirname(E2E_DATA_DIR), "fakes"));

const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, FERRY_DATA_DIR: E2E_DATA_DIR, PORT: String(E2E_PORT), DATABASE_URL: "", ...fakes.consoleEnv },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => {
  void fakes.close().finally(() => process.exit(code ?? 0));
});
