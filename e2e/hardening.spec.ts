// Issue 10's findings, through the real server: forged client addresses do not dodge the
// sign-in throttle, sign-in only redirects within the console, the editor's evaluate route
// answers only Ferry's own pages, and the compare page reveals secrets only on a POST.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { createEnvironment, createOrg, signUp, unique } from "./support/console";
import { pasteDefinition } from "./support/editor";
import { E2E_BASE_URL, E2E_DATA_DIR, E2E_PORT, E2E_SECOND_CONSOLE_PORT, ROOT } from "./support/paths";
import { inParallel, rawRequest, signInAttempt } from "./support/raw-http";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const ADDRESS_LIMIT = 50; // MAX_FAILURES_PER_ADDRESS (lib/auth/throttle.ts)
/** By IPv4 address: a chosen IPv4 source cannot reach "localhost" if it resolves to ::1. */
const direct = (port: number) => `http://127.0.0.1:${port}`;

test("a client rotating X-Forwarded-For is still throttled by its real address", async () => {
  test.setTimeout(180_000);
  // A loopback source of its own, so the throttle it earns touches no other spec.
  const from = "127.0.0.77";
  await inParallel(ADDRESS_LIMIT, 4, async (i) => {
    const code = await signInAttempt(direct(E2E_PORT), `${unique(`spray${i}`)}@example.com`, "wrong password", {
      from,
      headers: { "x-forwarded-for": `198.51.100.${i}`, "x-ferry-client-address": `203.0.113.${i}` },
    });
    expect(code).toBe("CredentialsSignin");
  });
  const forged = { "x-forwarded-for": "192.0.2.200", "x-real-ip": "192.0.2.201", "x-ferry-client-address": "192.0.2.202" };
  expect(await signInAttempt(direct(E2E_PORT), `${unique("fresh")}@example.com`, "wrong password", { from, headers: forged })).toBe("Throttled");
  // another client (another address) is unaffected
  expect(await signInAttempt(direct(E2E_PORT), `${unique("other")}@example.com`, "wrong password", { from: "127.0.0.78" })).toBe("CredentialsSignin");
});

test("behind FERRY_TRUSTED_PROXIES=1 the address is the entry the proxy appended; SIGTERM exits 143", async () => {
  test.setTimeout(240_000);
  const port = E2E_SECOND_CONSOLE_PORT;
  const dataDir = path.join(path.dirname(E2E_DATA_DIR), "proxied-data");
  rmSync(dataDir, { recursive: true, force: true });
  const { FERRY_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: { ...inherited, PORT: String(port), FERRY_DATA_DIR: dataDir, DATABASE_URL: "", FERRY_TRUSTED_PROXIES: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  let running = true;
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => ((running = false), resolve(code))));
  try {
    await expect.poll(() => (running ? output : `exited: ${output}`), { timeout: 120_000 }).toMatch(new RegExp(`ferry: serving http://localhost:${port}|^exited`));
    expect(running, output).toBe(true);
    const base = direct(port);
    const proxy = "127.0.0.79"; // the reverse proxy's address, as Ferry sees the socket
    await inParallel(ADDRESS_LIMIT, 4, async (i) => {
      // the client put 6.6.6.<i> in the header itself; the proxy appended the client's real address
      const code = await signInAttempt(base, `${unique(`p${i}`)}@example.com`, "wrong password", { from: proxy, headers: { "x-forwarded-for": `6.6.6.${i}, 203.0.113.1` } });
      expect(code).toBe("CredentialsSignin");
    });
    const attempt = (xff: string) => signInAttempt(base, `${unique("q")}@example.com`, "wrong password", { from: proxy, headers: { "x-forwarded-for": xff } });
    expect(await attempt("7.7.7.7, 203.0.113.1")).toBe("Throttled");
    expect(await attempt("203.0.113.2")).toBe("CredentialsSignin");
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited, output).toBe(143);
});

test("sign-in never redirects off the console", async ({ page }) => {
  const email = `${unique("cb")}@example.com`;
  await signUp(page, email);
  await page.context().clearCookies();
  for (const target of ["/\\evil.example/", "//evil.example/", "/\t/evil.example/", "https://evil.example/"]) {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(target)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Sign in" }).click();
    // wait for the sign-in to finish navigating, or the next goto races it
    await expect(page).not.toHaveURL(/\/sign-in/);
    await expect(page).toHaveURL(new RegExp(`^${E2E_BASE_URL}/`));
    expect(new URL(page.url()).host, target).toBe(new URL(E2E_BASE_URL).host);
    await page.context().clearCookies();
  }
  // a same-origin path is honoured
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/account/tokens")}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/account/tokens`);
});

test("the editor's evaluate route answers only Ferry's own pages, with JSON", async ({ page }) => {
  const org = unique("evalorg");
  await signUp(page, `${unique("ev")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "payments", "dev");
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const url = `${E2E_BASE_URL}/${org}/payments/dev/evaluate`;
  const body = JSON.stringify({ mode: "reveal" });
  const send = (headers: Record<string, string>) => rawRequest(url, { method: "POST", headers: { cookie, ...headers }, body });

  const crossSite = await send({ origin: "https://evil.example", "content-type": "application/json" });
  expect(crossSite.status).toBe(403);
  expect(JSON.parse(crossSite.body)).toMatchObject({ code: 403, error: "forbidden", message: "This request did not come from Ferry's own pages, so it was refused." });
  expect((await send({ "content-type": "application/json" })).status).toBe(403);
  const formPost = await send({ origin: E2E_BASE_URL, "content-type": "text/plain" });
  expect(formPost.status).toBe(400);
  expect(JSON.parse(formPost.body).message).toBe("Send the request body as JSON (Content-Type: application/json).");
  const ok = await send({ origin: E2E_BASE_URL, "content-type": "application/json" });
  expect(ok.status).toBe(200);
  // what the editor itself sends still works: Show secrets in the browser
  await page.goto(`/${org}/payments/dev`);
  await page.getByRole("button", { name: "Show secrets" }).click();
  await expect(page.getByRole("button", { name: "Show secrets" })).toHaveAttribute("aria-pressed", "true");
});

test("the compare page reveals secrets only when asked, with one audit event per click", async ({ page }) => {
  const org = unique("cmporg");
  await signUp(page, `${unique("cmp")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "payments", "dev");
  const base = `/${org}/payments/dev`;
  for (const [n, secret] of [[2, "first-hunter2"], [3, "second-hunter2"]] as const) {
    await pasteDefinition(page, `values:\n  password:\n    fn::secret: ${secret}\n`);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved revision ${n}` })).toBeVisible();
  }
  const reveals = () => {
    const db = new Database(path.join(E2E_DATA_DIR, "ferry.db"), { readonly: true });
    try {
      return db.prepare(`SELECT count(*) FROM "AuditEvent" WHERE action = 'environment.reveal' AND target = ?`).pluck().get(`${org}/payments/dev`) as number;
    } finally {
      db.close();
    }
  };

  // a GET, even with the old ?secrets=1, shows masked values and records nothing
  await page.goto(`${base}/compare/2...3?secrets=1`);
  const values = page.getByRole("table", { name: "Changed values" });
  await expect(page.getByRole("button", { name: "Show secrets" })).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator("body")).not.toContainText("hunter2");
  expect(reveals()).toBe(0);

  await page.getByRole("button", { name: "Show secrets" }).click();
  await expect(values).toContainText('"first-hunter2"');
  await expect(values).toContainText('"second-hunter2"');
  await expect(page.getByRole("button", { name: "Hide secrets" })).toHaveAttribute("aria-pressed", "true");
  expect(reveals()).toBe(1);
  await page.getByRole("button", { name: "Hide secrets" }).click();
  await expect(page.locator("body")).not.toContainText("hunter2");
  await page.reload();
  await expect(page.locator("body")).not.toContainText("hunter2");
  expect(reveals()).toBe(1);
});

