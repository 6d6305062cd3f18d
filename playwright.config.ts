import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL, E2E_PORT } from "./e2e/support/paths";

// Playwright drives Debian's Chromium (its own browser download is unreachable here); the flags
// keep Chromium from calling home, which a closed network answers with refused connections.
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1, // two cores: the server needs one
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  outputDir: ".tmp/e2e-results",
  globalTeardown: "./e2e/support/scan-logs.ts",
  use: {
    baseURL: E2E_BASE_URL,
    launchOptions: chromiumLaunch,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
  },
  webServer: {
    command: "node --import tsx e2e/support/serve.ts",
    url: `${E2E_BASE_URL}/sign-in`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(E2E_PORT) },
  },
});
