// The console under test: `npm start` (production build) on a fresh data directory, with its
// cloud endpoints pointed at the fake STS and Entra (testing/fakes), which start first: the console
// must know their addresses and the test CA before it starts.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";
import { startCloudFakes } from "../fakes/cloud-fakes";
import { E2E_DATA_DIR, E2E_PORT, E2E_SERVER_LOG, ROOT } from "./paths";

rmSync(E2E_DATA_DIR, { recursive: true, force: true });
mkdirSync(E2E_DATA_DIR, { recursive: true });
const fakes = await startCloudFakes(path.join(path.dirname(E2E_DATA_DIR), "fakes"));

const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
  cwd: ROOT,
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, FERRY_DATA_DIR: E2E_DATA_DIR, PORT: String(E2E_PORT), DATABASE_URL: "", FERRY_SIGNUP: "open", ...fakes.consoleEnv },
});
// All output goes to the log file the secret scan reads; the terminal gets what is not a routine
// request line (pino's info level), so a failing run still shows warnings and errors.
const log = createWriteStream(E2E_SERVER_LOG, { flags: "w" });
for (const [from, to] of [[child.stdout!, process.stdout], [child.stderr!, process.stderr]] as const) {
  createInterface({ input: from }).on("line", (line) => {
    log.write(line + "\n");
    if (!/^\{"level":(?:30|"info")[,}]/.test(line)) to.write(line + "\n");
  });
}
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => {
  void fakes.close().finally(() => process.exit(code ?? 0));
});
