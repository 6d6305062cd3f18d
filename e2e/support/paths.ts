import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/** Throwaway data directory of the console under test; wiped when the server starts. */
export const E2E_DATA_DIR = path.join(ROOT, ".tmp/e2e/data");
