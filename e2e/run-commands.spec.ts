// Copy run command → clipboard → the exact line in a shell with an empty HOME (npx fetches the
// CLI from this console) → the child sees the environment; a second run is refused; the
// environment page shows both attempts. Plus tokens, concurrency and revocation over the API.
import { expect, test, type Page } from "@playwright/test";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createEnvironment, createOrg, signUp, unique } from "./support/console";
import { E2E_BASE_URL, ROOT } from "./support/paths";

const exec = promisify(execFile);

const DEFINITION = `values:
  greeting: hello
  password:
    fn::secret: hunter22
  environmentVariables:
    GREETING: \${greeting}
    PASSWORD: \${password}
`;

/** A shell with nothing of ours: empty HOME, private npm cache, no update checks. */
function cleanShellEnv() {
  const home = mkdtempSync(path.join(os.tmpdir(), "ferry-e2e-home-"));
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    npm_config_cache: path.join(home, ".npm-cache"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  };
}

async function sh(line: string, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await exec("bash", ["-c", line], { env: env as NodeJS.ProcessEnv, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

async function createPat(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "User menu" }).or(page.getByLabel("User menu")).first().click();
  await page.getByRole("link", { name: "Tokens" }).click();
  await expect(page).toHaveURL(/\/account\/tokens$/);
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^fry_pat_/);
  await expect(page.getByTestId("access-token").filter({ hasText: name })).toContainText("active");
  return token;
}

test("a copied run command works once on a clean machine and the console shows its redemptions", async ({ page, context, request }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const org = unique("runs");
  await signUp(page, `${unique("owner")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "payments", "dev");
  const pat = await createPat(page, "e2e laptop");

  // The engineer's CLI (the bundle the console serves) sets the definition over the REST API.
  const engineer = cleanShellEnv();
  const ferry = `node ${path.join(ROOT, "cli/dist/ferry.cjs")}`;
  const defFile = path.join(engineer.HOME, "def.yaml");
  writeFileSync(defFile, DEFINITION);
  expect((await sh(`${ferry} login ${E2E_BASE_URL} --token ${pat}`, engineer)).stdout).toContain("Logged in");
  const edited = await sh(`${ferry} env edit ${org}/payments/dev -f ${defFile}`, engineer);
  expect(edited.code, edited.stderr).toBe(0);

  // Copy run command → clipboard.
  await page.goto(`/${org}/payments/dev`);
  await page.getByRole("button", { name: "Copy run command" }).click();
  const dialog = page.getByRole("dialog", { name: "Copy run command" });
  await expect(dialog.getByLabel("Revision")).toHaveValue("2");
  await dialog.getByLabel("Command (optional)").fill("printenv GREETING PASSWORD");
  await dialog.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(dialog.getByText("Copied to the clipboard")).toBeVisible();
  const line = await page.evaluate(() => navigator.clipboard.readText());
  expect(line).toMatch(new RegExp(`^npx -y ${E2E_BASE_URL}/cli/ferry\\.tgz run --token fry_run_[A-Za-z0-9_-]+ ${org}/payments/dev -- printenv GREETING PASSWORD$`));
  expect(line).not.toContain("hunter22");

  // The teammate: an empty HOME, no login, nothing installed.
  const teammate = cleanShellEnv();
  const first = await sh(line, teammate);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toBe("hello\n[secret]\n");
  const second = await sh(line, teammate);
  expect(second.code).not.toBe(0);
  expect(second.stderr).toContain("This run command has already been used");
  expect(second.stderr).not.toMatch(/\n\s+at /);

  await dialog.getByRole("button", { name: "Close" }).click();
  await page.getByRole("link", { name: "Run commands" }).click();
  const token = page.getByTestId("run-token").first();
  await expect(token.getByTestId("run-token-status")).toHaveText("used");
  await expect(token.getByTestId("run-token-attempt")).toHaveCount(2);
  await expect(token.getByTestId("run-token-attempt").nth(1)).toContainText("Redeemed");
  await expect(token.getByTestId("run-token-attempt").nth(1)).toContainText("ferry-cli/");
  await expect(token.getByTestId("run-token-attempt").nth(0)).toContainText("already used");
  await page.screenshot({ path: ".tmp/screens/run-commands.png", fullPage: true });

  // 20 concurrent redemptions of one single-use token: exactly one succeeds.
  const auth = { authorization: `Bearer ${pat}` };
  const api = `/api/esc/environments/${org}/payments/dev`;
  const created = await request.post(`${api}/run-tokens`, { headers: auth, data: { uses: 1 } });
  expect(created.status()).toBe(201);
  const { token: runToken } = await created.json();
  const results = await Promise.all(Array.from({ length: 20 }, () => request.post("/api/run-tokens/redeem", { headers: { authorization: `Bearer ${runToken}` } })));
  expect(results.filter((r) => r.status() === 200)).toHaveLength(1);
  for (const r of results.filter((r) => r.status() !== 200)) expect((await r.json()).reason).toBe("used");

  // Revoked from the page: the line is refused with its own message.
  const revocable = await (await request.post(`${api}/run-tokens`, { headers: auth, data: {} })).json();
  await page.reload();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: `Revoke run command ${revocable.token.slice(0, 12)}` }).click();
  await expect(page.getByTestId("run-token").first().getByTestId("run-token-status")).toHaveText("revoked");
  const revoked = await sh(`${revocable.line} true`, cleanShellEnv());
  expect(revoked.stderr).toContain("This run command was revoked");

  // A revoked personal access token is refused at once.
  await page.goto("/account/tokens");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Revoke e2e laptop" }).click();
  await expect(page.getByTestId("access-token").filter({ hasText: "e2e laptop" })).toContainText("revoked");
  const refused = await sh(`${ferry} env ls`, engineer);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toBe("error: The access token has been revoked. Log in again with a new token\n");
});

test("another organization's token sees none of an environment's run commands", async ({ browser, request }) => {
  const a = await (await browser.newContext()).newPage();
  const org = unique("alpha");
  await signUp(a, `${unique("a")}@example.com`);
  await createOrg(a, org);
  await createEnvironment(a, org, "payments", "dev");
  const b = await (await browser.newContext()).newPage();
  await signUp(b, `${unique("b")}@example.com`);
  await createOrg(b, unique("beta"));
  const patB = await createPat(b, "b");
  const auth = { authorization: `token ${patB}` };
  const api = `/api/esc/environments/${org}/payments/dev`;
  for (const [method, url] of [["GET", api], ["GET", `${api}/run-tokens`], ["POST", `${api}/run-tokens`], ["POST", `${api}/open`]] as const) {
    const res = await request.fetch(url, { method, headers: auth, data: method === "POST" ? {} : undefined });
    expect(res.status(), `${method} ${url}`).toBe(404);
    expect(await res.json()).toMatchObject({ code: 404 });
  }
  expect((await b.goto(`/${org}/payments/dev/runs`))?.status()).toBe(404);
});
