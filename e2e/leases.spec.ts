// Leases in the browser: opening fn::open::azure-sp in the editor creates a service principal in
// the fake Graph (Ferry signs in with its OIDC token through a federated credential), the
// environment's Leases tab lists the lease, and Revoke deletes the principal — Ferry signing in
// again for the environment with a clean-up token, as the reaper does.
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createEnvironment, createOrg, signUp, unique } from "./support/console";
import { E2E_BASE_URL, E2E_DATA_DIR } from "./support/paths";
import { FAKE_ENTRA_URL, FAKE_GRAPH_URL, FAKE_ARM_URL, FAKE_AZURE_SUBSCRIPTION_ID, FAKE_AZURE_TENANT_ID } from "./fakes/cloud-fakes";

test.describe.configure({ mode: "serial" });

const ISSUER = `${E2E_BASE_URL}/oidc`;
const FERRY_APP = "d4c3b2a1-0f9e-4d8c-9b7a-6f5e4d3c2b1a";
const CA = () => readFileSync(path.join(path.dirname(E2E_DATA_DIR), "fakes/ca/ca.pem"), "utf8");

function fake<T>(url: string, method: "GET" | "POST", body?: unknown): Promise<{ status: number; json: T }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(url), { method, headers: { "content-type": "application/json" }, ca: CA() }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: (text ? JSON.parse(text) : null) as T }));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

type GraphState = { applications: { id: string; appId: string }[]; servicePrincipals: { id: string; appId: string }[] };
type ArmState = { roleAssignments: { principalId: string; scope: string }[] };
const graphState = async () => (await fake<GraphState>(`${FAKE_GRAPH_URL}/_fake/state`, "GET")).json;
const armState = async () => (await fake<ArmState>(`${FAKE_ARM_URL}/_fake/state`, "GET")).json;

const org = unique("leases");
let page: Page;

const SP_DOC = `values:
  azure:
    sp:
      fn::open::azure-sp:
        login:
          clientId: ${FERRY_APP}
          tenantId: ${FAKE_AZURE_TENANT_ID}
          subscriptionId: ${FAKE_AZURE_SUBSCRIPTION_ID}
          oidc: true
        roles:
          - roleName: Reader
            scope: /subscriptions/${FAKE_AZURE_SUBSCRIPTION_ID}
        ttl: 1h
    login:
      fn::open::azure-login:
        clientId: ${FERRY_APP}
        tenantId: ${FAKE_AZURE_TENANT_ID}
        subscriptionId: ${FAKE_AZURE_SUBSCRIPTION_ID}
        oidc: true
  environmentVariables:
    ARM_CLIENT_ID: \${azure.sp.clientId}
    ARM_CLIENT_SECRET: \${azure.sp.clientSecret}
`;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, permissions: ["clipboard-read", "clipboard-write"] });
  page = await context.newPage();
  await signUp(page, `${unique("ops")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "cloud", "sp");
  // Ferry's own app registration trusts the console's issuer for this environment (as azure-login's guide sets up).
  const trusted = await fake(`${FAKE_ENTRA_URL}/_fake/trust`, "POST", {
    apps: [{ tenantId: FAKE_AZURE_TENANT_ID, clientId: FERRY_APP, federatedCredentials: [{ issuer: ISSUER, subject: `ferry:environments:org:${org}:env:cloud/sp`, audiences: [`azure:${org}`] }] }],
  });
  expect(trusted.status).toBe(204);
});

test.afterAll(async () => {
  await page?.context().close();
});

async function saveAndOpen(yaml: string) {
  const editor = page.getByTestId("definition-editor").locator(".monaco-editor").first();
  await expect(editor).toBeVisible();
  await page.evaluate((text) => navigator.clipboard.writeText(text), yaml);
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+V");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("editing-revision")).toHaveText("2");
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await expect(page.getByRole("region", { name: "Resolved values" })).toContainText(/Opened revision/, { timeout: 30_000 });
}

test("opening azure-sp creates a principal, the Leases tab lists its lease, and Revoke deletes it", async () => {
  await page.goto(`/${org}/cloud/sp`);
  await saveAndOpen(SP_DOC);
  const pane = page.getByRole("region", { name: "Resolved values" });
  await pane.getByRole("tab", { name: "JSON" }).click();
  const values = JSON.parse(await pane.getByTestId("resolved-json").innerText());
  const clientId = values.azure.sp.clientId as string;
  expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
  const sp = (await graphState()).servicePrincipals.find((s) => s.appId === clientId)!;
  expect(sp).toBeDefined();
  expect((await armState()).roleAssignments.filter((a) => a.principalId === sp.id).map((a) => a.scope)).toEqual([`/subscriptions/${FAKE_AZURE_SUBSCRIPTION_ID}`]);

  await page.getByRole("navigation", { name: "Environment" }).getByRole("link", { name: "Leases" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org}/cloud/sp/leases$`));
  const lease = page.getByTestId("lease").filter({ hasText: clientId });
  await expect(lease).toHaveCount(1);
  await expect(lease.getByTestId("lease-state")).toHaveText("active");
  await expect(lease).toContainText("azure-sp");
  await expect(lease).toContainText("through the console");
  // azure-login's Entra token is recorded too, and says why it cannot be revoked.
  const token = page.getByTestId("lease").filter({ hasText: "azure-login" });
  await expect(token).toHaveCount(1);
  await expect(token).toContainText("Not revocable: Entra access tokens cannot be recalled");
  await expect(token.getByRole("button", { name: /Revoke lease/ })).toHaveCount(0);

  page.once("dialog", (d) => void d.accept());
  await lease.getByRole("button", { name: /Revoke lease/ }).click();
  await expect(lease.getByTestId("lease-state")).toHaveText("revoked", { timeout: 30_000 });
  await expect(lease.getByRole("button", { name: /Revoke lease/ })).toHaveCount(0);
  const after = await graphState();
  expect(after.applications.some((a) => a.appId === clientId)).toBe(false);
  expect(after.servicePrincipals.some((s) => s.appId === clientId)).toBe(false);
});

test("the organization's Leases page lists them and filters by state and provider", async () => {
  await page.goto(`/${org}/-/leases`);
  await expect(page.getByTestId("lease")).toHaveCount(2);
  await expect(page.getByTestId("lease").first()).toContainText("cloud/sp");
  await page.getByLabel("State").selectOption("revoked");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/state=revoked/);
  await expect(page.getByTestId("lease")).toHaveCount(1);
  await expect(page.getByTestId("lease")).toContainText("azure-sp");
  await page.getByLabel("State").selectOption("active");
  await page.getByLabel("Provider").selectOption("azure-sp");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No lease matches these filters.")).toBeVisible();
});
