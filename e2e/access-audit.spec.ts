// An admin narrows a member to reader on prod through the Access tab; the member can read prod
// but not open it, reveal its secrets or create a run command, in the console or through the
// API; the admin finds the refused open in the audit log and exports it.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createEnvironment, createOrg, signUp, unique, addMember } from "./support/console";

async function createPat(page: Page, name: string): Promise<string> {
  await page.goto("/account/tokens");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^fry_pat_/);
  return token;
}

test("a member narrowed to reader on prod reads it but cannot open, reveal or share it; the audit log shows the refused open", async ({ page, browser, request }) => {
  test.setTimeout(120_000); // two sign-ups, an invitation and its acceptance before the real work
  const org = unique("narrow");
  const memberEmail = `${unique("member")}@example.com`;
  await signUp(page, `${unique("admin")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "app", "prod");

  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signUp(member, memberEmail);
  await addMember(page, member, org, memberEmail);

  // The admin narrows the member on prod.
  await page.goto(`/${org}/app/prod`);
  await page.getByRole("link", { name: "Access" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org}/app/prod/access$`));
  await expect(page.getByTestId(`access-${memberEmail}`)).toContainText("editor");
  await page.getByLabel("Member or team").selectOption(`user:${memberEmail}`);
  await page.getByLabel("Permission").selectOption("reader");
  await page.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${memberEmail} is now reader here.` })).toBeVisible();
  await expect(page.getByTestId(`access-${memberEmail}`)).toContainText("reader");
  await expect(page.getByTestId(`access-${memberEmail}`)).toContainText("granted on this environment");

  // In the console: the definition shows, Open and Show secrets are off, a run command is refused.
  await member.goto(`/${org}/app/prod`);
  await expect(member.getByTestId("definition-editor")).toBeVisible();
  await expect(member.getByRole("button", { name: "Open", exact: true })).toBeDisabled();
  await expect(member.getByRole("button", { name: "Show secrets" })).toBeDisabled();
  await member.getByRole("button", { name: "Copy run command" }).click();
  await member.getByRole("dialog").getByRole("button", { name: "Copy", exact: true }).click();
  await expect(member.getByRole("dialog").getByRole("alert")).toContainText(`You can't open ${org}/app/prod`);

  // Through the API, with the member's own token.
  const token = await createPat(member, "narrowed");
  const headers = { authorization: `Bearer ${token}` };
  const base = `/api/esc/environments/${org}/app/prod`;
  expect((await request.get(base, { headers })).status()).toBe(200);
  const open = await request.post(`${base}/open`, { headers });
  expect(open.status()).toBe(403);
  expect(await open.json()).toMatchObject({ code: 403, message: expect.stringContaining('your access is "reader"') });
  expect((await request.get(`${base}/decrypt`, { headers })).status()).toBe(403);
  expect((await request.post(`${base}/run-tokens`, { headers, data: { uses: 1 } })).status()).toBe(403);
  // …and cannot widen their own grant.
  expect((await request.put(`${base}/access`, { headers, data: { user: memberEmail, permission: "admin" } })).status()).toBe(403);
  await memberContext.close();

  // The admin's audit page, filtered to the member's refused opens.
  await page.goto(`/${org}/-/audit`);
  await page.getByLabel("Actor").fill(memberEmail);
  await page.getByLabel("Action").fill("environment.open");
  await page.getByLabel("Result").selectOption("refused");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/result=refused/);
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(memberEmail);
  await expect(rows.first()).toContainText(`${org}/app/prod`);
  await expect(rows.first()).toContainText("refused");

  // Export downloads exactly the filtered set.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("at,actor,action,target,environment,result,address,userAgent,detail");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(`${memberEmail},environment.open,${org}/app/prod,app/prod,refused`);
  const jsonl = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export JSON lines" }).click();
  const events = readFileSync(await (await jsonl).path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  expect(events).toEqual([expect.objectContaining({ actor: memberEmail, action: "environment.open", result: "refused", detail: expect.objectContaining({ needed: "opener", right: "reader", via: "api" }) })]);
});
