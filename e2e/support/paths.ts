import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
// A run takes the ten ports from E2E_PORT: the console, then the fakes (STS +1, Entra +2,
// Graph +3, ARM +4, see e2e/fakes/cloud-fakes.ts), then consoles that specs start themselves.
export const E2E_SECOND_CONSOLE_PORT = E2E_PORT + 5;
/**
 * Throwaway data directory of the console under test; wiped when the server starts. Per port,
 * so that two runs on one machine (E2E_PORT=…) never share or wipe each other's data.
 */
export const E2E_DATA_DIR = path.join(ROOT, `.tmp/e2e-${E2E_PORT}/data`);
/** Everything the console under test prints, which e2e/support/scan-logs.ts searches for secrets after the run. */
export const E2E_SERVER_LOG = path.join(ROOT, `.tmp/e2e-${E2E_PORT}/server.log`);
