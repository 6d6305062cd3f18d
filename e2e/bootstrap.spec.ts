import { expect, test } from "@playwright/test";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "./support/paths";

const PORT = 3219;

function admin(dataDir: string, ...args: string[]) {
  return spawnSync("npm", ["run", "-s", "admin", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, FERRY_DATA_DIR: dataDir, DATABASE_URL: "" },
  });
}

test("bootstrap sets up an empty database once and prints a token; the user can sign in", async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-bootstrap-"));
  try {
    const first = admin(dataDir, "bootstrap", "--email", "ops@example.com", "--password", "bootstrap password 1", "--org", "acme");
    expect(first.status, first.stderr).toBe(0);
    const lines = first.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^fry_pat_[A-Za-z0-9_-]{43}$/);

    const again = admin(dataDir, "bootstrap", "--email", "other@example.com", "--password", "bootstrap password 2", "--org", "other");
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain("already has users");

    const bad = admin(dataDir, "bootstrap", "--email", "x@example.com");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("needs --password, --org");

    const token = admin(dataDir, "create-token", "--email", "ops@example.com", "--name", "ci");
    expect(token.status, token.stderr).toBe(0);
    expect(token.stdout.trim().split("\n").at(-1)).toMatch(/^fry_pat_/);
    expect(token.stdout.trim().split("\n").at(-1)).not.toBe(lines.at(-1));

    // A second console instance on that data directory: the bootstrapped admin signs in.
    const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: ROOT,
      env: { ...process.env, FERRY_DATA_DIR: dataDir, PORT: String(PORT), DATABASE_URL: "" },
      stdio: "ignore",
    });
    try {
      await expect.poll(() => fetch(`http://localhost:${PORT}/sign-in`).then((r) => r.status).catch(() => 0), { timeout: 120_000 }).toBe(200);
      await page.goto(`http://localhost:${PORT}/sign-in`);
      await page.getByLabel("Email").fill("ops@example.com");
      await page.getByLabel("Password").fill("bootstrap password 1");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(`http://localhost:${PORT}/acme`);
    } finally {
      server.kill("SIGTERM");
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
