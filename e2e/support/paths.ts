import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/**
 * Throwaway data directory of the console under test; wiped when the server starts. Per port,
 * so that two runs on one machine (E2E_PORT=…) never share or wipe each other's data.
 */
export const E2E_DATA_DIR = path.join(ROOT, `.tmp/e2e-${E2E_PORT}/data`);
