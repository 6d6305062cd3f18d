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
    // A failed test keeps its trace (actions, network, console) and a screenshot of the moment it
    // failed, beside Playwright's ARIA snapshot. The trace's screencast and per-action DOM snapshots
    // are left out: recorded for every test and thrown away when it passes, they cost ~45% of the
    // browser step on two cores (console + editor specs: 139-155 s with them, 94-100 s without).
    trace: { mode: "retain-on-failure", screenshots: false, snapshots: false, sources: true },
    screenshot: "only-on-failure",
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
