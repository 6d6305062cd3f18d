// Cloud logins end to end: the console's providers exchange Ferry-signed tokens at the fake STS
// and fake Entra (testing/fakes, started by e2e/support/serve.ts), which fetch the console's
// discovery document and key set over HTTP exactly as AWS and Entra do.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { decodeProtectedHeader } from "jose";
import { createEnvironment, createOrg, signUp, unique } from "./support/console";
import { E2E_BASE_URL, E2E_DATA_DIR, ROOT } from "./support/paths";
import { FAKE_ENTRA_URL, FAKE_STS_URL } from "./fakes/cloud-fakes";
import type { IssuedAwsCredentials } from "../testing/fakes/fake-sts";
import type { IssuedEntraToken } from "../testing/fakes/fake-entra";

test.describe.configure({ mode: "serial" });

const ISSUER = `${E2E_BASE_URL}/oidc`;
const ISSUER_HOST = ISSUER.replace(/^https?:\/\//, "");
const ROLE = "arn:aws:iam::123456789012:role/ferry-e2e";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "b3b6a4c2-5a0e-4f0b-9d7e-0d2c1f6b8a11";
const SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const CA = () => readFileSync(path.join(path.dirname(E2E_DATA_DIR), "fakes/ca/ca.pem"), "utf8");

/** Control-plane calls to the fakes (the test CA is trusted for the HTTPS one). */
function fake(url: string, method: "GET" | "POST", body?: unknown, form?: Record<string, string>): Promise<{ status: number; json: unknown }> {
  const u = new URL(url);
  const payload = form ? new URLSearchParams(form).toString() : body === undefined ? undefined : JSON.stringify(body);
  const headers = { "content-type": form ? "application/x-www-form-urlencoded" : "application/json" };
  if (u.protocol === "http:") {
    return fetch(url, { method, headers, body: payload }).then(async (r) => ({ status: r.status, json: r.status === 204 ? null : await r.json() }));
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(u, { method, headers, ca: CA() }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

const issuedAws = async () => (await fake(`${FAKE_STS_URL}/_fake/issued`, "GET")).json as IssuedAwsCredentials[];
const issuedEntra = async () => (await fake(`${FAKE_ENTRA_URL}/_fake/issued`, "GET")).json as IssuedEntraToken[];

/** Replaces the editor's text (pasting keeps Monaco from re-indenting what it receives). */
async function setDefinition(page: Page, yaml: string) {
  const editor = page.getByTestId("definition-editor").locator(".monaco-editor").first();
  await expect(editor).toBeVisible();
  await page.evaluate((text) => navigator.clipboard.writeText(text), yaml);
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+V");
}

async function saveAndOpen(page: Page, yaml: string, revision: string) {
  await setDefinition(page, yaml);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("editing-revision")).toHaveText(revision);
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByRole("region", { name: "Resolved values" })).toContainText(/Opened revision/, { timeout: 20_000 });
}

async function envVar(page: Page, name: string) {
  const pane = page.getByRole("region", { name: "Resolved values" });
  await pane.getByRole("tab", { name: "Environment variables" }).click();
  return pane.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) }).getByRole("cell").nth(1);
}

async function resolvedJson(page: Page) {
  const pane = page.getByRole("region", { name: "Resolved values" });
  await pane.getByRole("tab", { name: "JSON" }).click();
  return JSON.parse(await pane.getByTestId("resolved-json").innerText());
}

const AWS_GUIDE = (role: string) => `values:
  aws:
    login:
      fn::open::aws-login:
        oidc:
          duration: 1h
          roleArn: ${role}
          sessionName: pulumi-environments-session
  environmentVariables:
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
    AWS_SECRET_ACCESS_KEY: \${aws.login.secretAccessKey}
    AWS_SESSION_TOKEN: \${aws.login.sessionToken}
`;

const AZURE_GUIDE = `values:
  azure:
    login:
      fn::open::azure-login:
        clientId: ${CLIENT}
        tenantId: ${TENANT}
        subscriptionId: /subscriptions/${SUBSCRIPTION}
        oidc: true
  environmentVariables:
    ARM_USE_OIDC: 'true'
    ARM_CLIENT_ID: \${azure.login.clientId}
    ARM_TENANT_ID: \${azure.login.tenantId}
    ARM_OIDC_TOKEN: \${azure.login.oidc.token}
    ARM_SUBSCRIPTION_ID: \${azure.login.subscriptionId}
`;

const org = unique("cloud");
let page: Page;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, permissions: ["clipboard-read", "clipboard-write"] });
  page = await context.newPage();
  await signUp(page, `${unique("ops")}@example.com`);
  await createOrg(page, org);
  for (const name of ["aws", "azure", "denied"]) await createEnvironment(page, org, "cloud", name);
});

test.afterAll(async () => {
  await page?.context().close();
});

test("the issuer publishes discovery and keys with cache headers", async ({ request }) => {
  const discovery = await request.get(`${ISSUER}/.well-known/openid-configuration`);
  expect(discovery.headers()["cache-control"]).toMatch(/max-age=\d+/);
  const doc = await discovery.json();
  expect(doc).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/.well-known/jwks`, id_token_signing_alg_values_supported: ["RS256"], response_types_supported: ["id_token"], subject_types_supported: ["public"] });
  const jwks = await request.get(doc.jwks_uri);
  expect(jwks.headers()["cache-control"]).toMatch(/max-age=\d+/);
  const { keys } = await jwks.json();
  expect(keys.length).toBeGreaterThanOrEqual(1);
  expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
  expect(keys[0]).not.toHaveProperty("d");
});

test("the Cloud trust panel shows what to trust; the clouds accept exactly that", async () => {
  await page.goto(`/${org}/cloud/aws`);
  await page.getByRole("link", { name: "Cloud trust" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org}/cloud/aws/trust$`));
  const subject = `ferry:environments:org:${org}:env:cloud/aws`;
  await expect(page.getByLabel("Issuer URL", { exact: true })).toHaveText(ISSUER);
  await expect(page.getByLabel("Subject (sub)", { exact: true })).toHaveText(subject);
  await expect(page.getByLabel("Audience (aud)", { exact: true })).toHaveText(`aws:${org}`);
  await page.getByRole("button", { name: "Copy AWS subject" }).click();
  await expect(page.getByRole("button", { name: "Copy AWS subject" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(subject);
  const policy = JSON.parse(await page.getByLabel("Role trust policy (replace <ACCOUNT_ID>)", { exact: true }).innerText());
  expect(policy.Statement[0].Condition.StringEquals).toEqual({ [`${ISSUER_HOST}:aud`]: `aws:${org}`, [`${ISSUER_HOST}:sub`]: subject });
  await page.screenshot({ path: ".tmp/screens/cloud-trust.png", fullPage: true });

  // The operator configures the (fake) clouds with exactly the panel's values.
  await fake(`${FAKE_STS_URL}/_fake/trust`, "POST", {
    providers: [{ url: ISSUER_HOST, audiences: [`aws:${org}`] }],
    roles: [
      { arn: ROLE, trust: { provider: ISSUER_HOST, ...policyConditions(policy) } },
      { arn: `${ROLE}-prod-only`, trust: { provider: ISSUER_HOST, aud: `aws:${org}`, sub: `ferry:environments:org:${org}:env:cloud/prod` } },
    ],
  });
  await page.goto(`/${org}/cloud/azure/trust`);
  const fic = {
    issuer: await page.getByLabel("Issuer", { exact: true }).innerText(),
    subject: await page.getByLabel("Subject identifier", { exact: true }).innerText(),
    audiences: [await page.getByLabel("Audience", { exact: true }).innerText()],
  };
  expect(fic).toEqual({ issuer: ISSUER, subject: `ferry:environments:org:${org}:env:cloud/azure`, audiences: [`azure:${org}`] });
  expect((await fake(`${FAKE_ENTRA_URL}/_fake/trust`, "POST", { apps: [{ tenantId: TENANT, clientId: CLIENT, federatedCredentials: [fic] }] })).status).toBe(204);
});

function policyConditions(policy: { Statement: { Condition: { StringEquals: Record<string, string> } }[] }) {
  const c = policy.Statement[0].Condition.StringEquals;
  return { aud: c[`${ISSUER_HOST}:aud`], sub: c[`${ISSUER_HOST}:sub`] };
}

test("aws-login from Pulumi's guide opens to the fake STS's credentials", async () => {
  await page.goto(`/${org}/cloud/aws`);
  await saveAndOpen(page, AWS_GUIDE(ROLE), "2");
  const issued = (await issuedAws()).filter((c) => c.subject === `ferry:environments:org:${org}:env:cloud/aws`).at(-1)!;
  expect(issued).toMatchObject({ roleArn: ROLE, audience: `aws:${org}`, sessionName: "pulumi-environments-session" });
  await expect(await envVar(page, "AWS_ACCESS_KEY_ID")).toHaveText(issued.accessKeyId);
  await expect(await envVar(page, "AWS_SECRET_ACCESS_KEY")).toHaveText("[secret]");
  await page.getByRole("button", { name: "Show secrets" }).click();
  await expect(await envVar(page, "AWS_SECRET_ACCESS_KEY")).toHaveText(issued.secretAccessKey);
  await expect(await envVar(page, "AWS_SESSION_TOKEN")).toHaveText(issued.sessionToken);
  await expect(page.getByRole("region", { name: "Problems" })).toContainText("No problems.");
  await page.screenshot({ path: ".tmp/screens/cloud-aws-open.png", fullPage: true });
});

test("azure-login from Pulumi's guide opens with an Entra access token", async () => {
  await page.goto(`/${org}/cloud/azure`);
  await saveAndOpen(page, AZURE_GUIDE, "2");
  await expect(await envVar(page, "ARM_CLIENT_ID")).toHaveText(CLIENT);
  await expect(await envVar(page, "ARM_TENANT_ID")).toHaveText(TENANT);
  await expect(await envVar(page, "ARM_SUBSCRIPTION_ID")).toHaveText(SUBSCRIPTION);
  const issued = (await issuedEntra()).filter((t) => t.subject === `ferry:environments:org:${org}:env:cloud/azure`).at(-1)!;
  expect(issued).toMatchObject({ tenantId: TENANT, clientId: CLIENT });
  await page.getByRole("button", { name: "Show secrets" }).click();
  const values = await resolvedJson(page);
  expect(values.azure.login.accessToken).toBe(issued.accessToken);
  expect(values.azure.login.subscriptionId).toBe(SUBSCRIPTION);
  expect(decodeProtectedHeader(values.azure.login.oidc.token)).toMatchObject({ alg: "RS256", typ: "JWT" });
});

test("a trust mismatch shows the cloud's error with the presented sub and aud", async () => {
  await page.goto(`/${org}/cloud/denied`);
  await saveAndOpen(page, AWS_GUIDE(`${ROLE}-prod-only`), "2");
  const problems = page.getByRole("region", { name: "Problems" });
  await expect(problems).toContainText("AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity");
  await expect(problems).toContainText(`iss "${ISSUER}", aud "aws:${org}", sub "ferry:environments:org:${org}:env:cloud/denied"`);
  await expect(problems).toContainText("trust policy");
  await expect(problems).toContainText(/\b4:7\b/); // the fn::open's position
  await page.screenshot({ path: ".tmp/screens/cloud-denied.png", fullPage: true });
});

test("rotating the signing key keeps tokens already issued verifiable", async ({ request }) => {
  await page.goto(`/${org}/cloud/azure`);
  const pane = page.getByRole("region", { name: "Resolved values" });
  // "Show secrets" alone only decrypts (check mode); Open calls the providers.
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(pane).toContainText(/Opened revision/, { timeout: 20_000 });
  await page.getByRole("button", { name: "Show secrets" }).click();
  const before = (await resolvedJson(page)).azure.login.oidc.token as string;
  const oldKid = decodeProtectedHeader(before).kid;

  const rotate = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", "rotate-signing-key"], {
    cwd: ROOT,
    env: { ...process.env, FERRY_DATA_DIR: E2E_DATA_DIR, DATABASE_URL: "" },
    encoding: "utf8",
  });
  expect(rotate.status, rotate.stderr).toBe(0);
  const newKid = /New signing key: (\S+)/.exec(rotate.stdout)?.[1];
  expect(newKid).toBeTruthy();
  expect(rotate.stdout).toContain(`Retired ${oldKid}`);

  const kids = ((await (await request.get(`${ISSUER}/.well-known/jwks`)).json()).keys as { kid: string }[]).map((k) => k.kid);
  expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));

  // The token signed by the retired key still logs in at Entra …
  const exchange = await fake(`${FAKE_ENTRA_URL}/${TENANT}/oauth2/v2.0/token`, "POST", undefined, {
    client_id: CLIENT,
    grant_type: "client_credentials",
    scope: "https://management.azure.com/.default",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: before,
  });
  expect(exchange.status, JSON.stringify(exchange.json)).toBe(200);

  // … and new opens are signed by the new key.
  await page.getByRole("button", { name: "Show secrets" }).click(); // hide
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(pane).toContainText(/Opened revision/, { timeout: 20_000 });
  await page.getByRole("button", { name: "Show secrets" }).click();
  const signedBy = async () => {
    try {
      return decodeProtectedHeader((await resolvedJson(page)).azure.login.oidc.token).kid;
    } catch {
      return undefined;
    }
  };
  await expect.poll(signedBy).toBe(newKid);
});

test("admins switch the organization to Pulumi's subject format", async () => {
  await page.goto(`/${org}/-/settings`);
  await page.getByRole("radio", { name: /Pulumi ESC/ }).check();
  await page.getByRole("button", { name: "Save subject format" }).click();
  await expect(page.getByRole("status")).toContainText("pulumi subject format");
  await page.goto(`/${org}/cloud/aws/trust`);
  await expect(page.getByLabel("Subject (sub)", { exact: true })).toHaveText(`pulumi:environments:org:${org}:env:cloud/aws`);
});

test("another organization gets not-found for the trust panel and the settings", async ({ browser }) => {
  const other = await (await browser.newContext()).newPage();
  await signUp(other, `${unique("outsider")}@example.com`);
  await createOrg(other, unique("other"));
  for (const url of [`/${org}/cloud/aws/trust`, `/${org}/-/settings`]) {
    const res = await other.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(other.getByText(`ferry:environments:org:${org}`)).toHaveCount(0);
    await expect(other.getByText(`pulumi:environments:org:${org}`)).toHaveCount(0);
  }
  await other.context().close();
});
