// The attack from issue 9, through the editor: a member who may only read prod copies its
// ciphertext into an environment of their own and asks for the secret. They get ESC's
// invalid-ciphertext problem at the secret, never prod's plaintext.
import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { createEnvironment, createOrg, signUp, unique, addMember } from "./support/console";
import { pasteDefinition, showJson } from "./support/editor";
import { E2E_DATA_DIR } from "./support/paths";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
const shot = (name: string) => ({ path: `.tmp/screens/${name}.png` });
const REFUSED = "invalid ciphertext: it was not encrypted for this environment, or it was altered";

/** Narrows a member to reader on one environment (the console has no screen for it yet). */
function grantReader(org: string, project: string, env: string, email: string) {
  const db = new Database(path.join(E2E_DATA_DIR, "ferry.db"), { timeout: 15_000 });
  try {
    const row = db
      .prepare(
        `SELECT e.id AS envId, e.organizationId AS orgId, u.id AS userId FROM "Environment" e JOIN "Organization" o ON o.id = e.organizationId, "User" u
         WHERE o.name = ? AND e.project = ? AND e.name = ? AND u.email = ?`,
      )
      .get(org, project, env, email) as { envId: string; orgId: string; userId: string };
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO "AccessGrant" (id, organizationId, project, environmentId, userId, scope, subject, permission, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'reader', ?, ?)`,
    ).run(`e2e${randomBytes(8).toString("hex")}`, row.orgId, project, row.envId, row.userId, `env:${row.envId}`, `user:${row.userId}`, now, now);
  } finally {
    db.close();
  }
}

async function copyDefinition(page: Page): Promise<string> {
  await page.getByTestId("definition-editor").locator(".monaco-editor").first().click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+C");
  return page.evaluate(() => navigator.clipboard.readText());
}

async function expectRefused(page: Page, plaintext: string) {
  const problem = page.getByRole("region", { name: "Problems" }).getByRole("button", { name: new RegExp(REFUSED) });
  await expect(problem).toBeVisible();
  // At the secret: the fn::secret key on line 3.
  await expect(problem).toContainText("3:5");
  // Unknown (shown as such with Show secrets on, as [secret] with it off): no value at all.
  await expect(await showJson(page)).toContainText(/"stolen": "\[(unknown|secret)\]"/);
  expect(await page.content()).not.toContain(plaintext);
}

test("a reader of prod who pastes its ciphertext into their own environment sees an invalid ciphertext, never the secret", async ({ browser, page }) => {
  const plaintext = `prod-password-${randomBytes(6).toString("hex")}`;
  const org = unique("bound");
  await signUp(page, `${unique("owner")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "app", "prod");
  await pasteDefinition(page, `values:\n  password:\n    fn::secret: ${plaintext}\n`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();

  const readerEmail = `${unique("reader")}@example.com`;
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const reader = await context.newPage();
  await signUp(reader, readerEmail);
  await addMember(page, reader, org, readerEmail);
  grantReader(org, "app", "prod", readerEmail);

  // The reader sees prod's ciphertext and may not open it.
  await reader.goto(`/${org}/app/prod`);
  await expect(reader.getByRole("button", { name: "Show secrets" })).toBeDisabled();
  const copied = await copyDefinition(reader);
  const ciphertext = /ciphertext: (\S+)/.exec(copied)![1];
  expect(copied).not.toContain(plaintext);

  // Into an environment of their own, where they may do everything.
  await createEnvironment(reader, org, "scratch", "mine");
  const pasted = `values:\n  stolen:\n    fn::secret:\n      ciphertext: ${ciphertext}\n`;
  await pasteDefinition(reader, pasted);
  await reader.getByRole("button", { name: "Show secrets" }).click();
  await expect(reader.getByRole("button", { name: "Show secrets" })).toHaveAttribute("aria-pressed", "true");
  await expectRefused(reader, plaintext);
  await reader.screenshot(shot("ciphertext-refused"));
  await reader.getByRole("button", { name: "Open" }).click();
  await expect(reader.getByText("Opened revision 1 with your edits: it failed, see Problems")).toBeVisible();
  await expectRefused(reader, plaintext);

  // Saving asks first, naming the problem; saved and opened again, it is the same.
  await reader.getByRole("button", { name: "Save" }).click();
  const confirm = reader.getByRole("alertdialog", { name: "Save with 1 error?" });
  await expect(confirm).toContainText(REFUSED);
  await confirm.getByRole("button", { name: "Save anyway" }).click();
  await expect(reader.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();
  await reader.reload();
  await reader.getByRole("button", { name: "Show secrets" }).click();
  await expectRefused(reader, plaintext);

  // In prod, the owner still sees the secret.
  await page.goto(`/${org}/app/prod`);
  await page.getByRole("button", { name: "Show secrets" }).click();
  await expect(await showJson(page)).toContainText(plaintext);
  await context.close();
});
