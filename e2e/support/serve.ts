// The console under test: `npm start` (production build) on a fresh data directory.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { E2E_DATA_DIR, E2E_PORT, ROOT } from "./paths";

rmSync(E2E_DATA_DIR, { recursive: true, force: true });
mkdirSync(E2E_DATA_DIR, { recursive: true });

const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, FERRY_DATA_DIR: E2E_DATA_DIR, PORT: String(E2E_PORT), DATABASE_URL: "" },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
