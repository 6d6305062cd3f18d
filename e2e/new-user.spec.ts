// What a new user meets (issue 16): syntax errors where they are, Save only when something
// changed, a keyboard way out of the editor, a usable 390 px phone layout, the whole console in
// dark mode, admin-only controls shown to admins only, and forms that survive a lost request.
import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, createEnvironment, createOrg, signUp, unique, addMember } from "./support/console";
import { pasteDefinition, resolvedValues, showJson } from "./support/editor";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
const shot = (name: string) => ({ path: `.tmp/screens/${name}.png`, fullPage: true });

async function setup(page: Page) {
  const org = unique("nu");
  await signUp(page, `${unique("newuser")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "payments", "dev");
  return org;
}

/** The relative luminance (0 black … 1 white) of an element's computed background. */
async function backgroundLuminance(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => {
    const c = document.createElement("canvas").getContext("2d")!;
    c.fillStyle = getComputedStyle(el).backgroundColor;
    c.fillRect(0, 0, 1, 1);
    const [r, g, b] = c.getImageData(0, 0, 1, 1).data;
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}

test("a YAML syntax error is reported and underlined on its line; the last good values stay, marked stale", async ({ page }) => {
  const org = await setup(page);
  await page.goto(`/${org}/payments/dev`);
  const good = ["values:", ...Array.from({ length: 13 }, (_, i) => `  k${i + 1}: v${i + 1}`)];
  await pasteDefinition(page, good.join("\n") + "\n");
  await expect(resolvedValues(page).getByText('"v13"')).toBeVisible();
  await pasteDefinition(page, [...good, "  a: b: c"].join("\n") + "\n");
  const problem = page.getByRole("region", { name: "Problems" }).getByRole("button", { name: /yaml: line 15:/ });
  await expect(problem).toBeVisible();
  await expect(problem).toContainText("15:6");
  await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(1);
  // The underline sits on line 15 (Monaco renders only visible lines; the editor is tall enough).
  const squiggleTop = await page.locator(".monaco-editor .squiggly-error").boundingBox();
  const line15 = await page.locator(".monaco-editor .line-numbers", { hasText: /^15$/ }).boundingBox();
  expect(Math.abs(squiggleTop!.y - line15!.y)).toBeLessThan(line15!.height);
  await expect(resolvedValues(page).getByText("Stale: the last values before the syntax error")).toBeVisible();
  await expect(resolvedValues(page).getByText('"v13"')).toBeVisible();
  await expect(resolvedValues(page).getByText("No values yet")).toHaveCount(0);
  await page.screenshot(shot("new-user-syntax-error"));
});

test("Save is enabled only when the text differs from the saved revision; Esc then Tab leaves the editor", async ({ page }) => {
  const org = await setup(page);
  await page.goto(`/${org}/payments/dev`);
  const save = page.getByRole("button", { name: "Save" });
  await expect(page.getByTestId("editing-revision")).toHaveText("1");
  await expect(save).toBeDisabled();
  await pasteDefinition(page, "values:\n  a: 1\n");
  await expect(save).toBeEnabled();
  await page.keyboard.press("ControlOrMeta+S");
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();
  await expect(save).toBeDisabled();
  // Ctrl+S on unchanged text saves nothing.
  await page.getByTestId("definition-editor").locator(".monaco-editor").first().click();
  await page.keyboard.press("ControlOrMeta+S");
  await page.waitForTimeout(500);
  await expect(page.getByTestId("editing-revision")).toHaveText("2");
  await page.goto(`/${org}/payments/dev/revisions`);
  await expect(page.getByRole("link", { name: "3", exact: true })).toHaveCount(0);

  // Keyboard: Tab indents inside the editor, Esc then Tab moves on without touching the text.
  await page.goto(`/${org}/payments/dev`);
  await expect(page.getByText("To leave the editor press")).toBeVisible();
  await page.getByTestId("definition-editor").locator(".monaco-editor").first().click();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  const focusedInEditor = await page.evaluate(() => !!document.activeElement?.closest("[data-testid=definition-editor]"));
  expect(focusedInEditor).toBe(false);
  await expect(page.getByText("Unsaved changes")).toHaveCount(0);
  // The skip link is the first stop before the editor.
  await page.getByLabel("Revision message").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip the editor" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#after-definition")).toBeFocused();
});

test("on a 390 px phone the editor panes stack as tabs and no page is wider than the screen", async ({ page }) => {
  const org = await setup(page);
  await page.goto(`/${org}/payments/dev`);
  await pasteDefinition(page, "values:\n  app:\n    url: https://a-rather-long-host-name.example.com/with/a/path\n");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const panes = page.getByRole("tablist", { name: "Editor panes" });
  await expect(panes).toBeVisible();
  await expect(page.getByTestId("definition-editor")).toBeVisible();
  await expect(resolvedValues(page)).toBeHidden();
  await panes.getByRole("tab", { name: "Values" }).click();
  await expect(resolvedValues(page)).toBeVisible();
  await expect(page.getByTestId("definition-editor")).toBeHidden();
  await expect((await showJson(page))).toContainText("a-rather-long-host-name");
  await page.screenshot(shot("new-user-phone-values"));
  for (const path of ["", "/revisions", "/settings", "/runs", "/trust"]) {
    await page.goto(`/${org}/payments/dev${path}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `/${org}/payments/dev${path} is ${width} px wide`).toBeLessThanOrEqual(390);
  }
  await page.goto("/account/tokens");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("dark mode themes the whole page, follows the OS until chosen, and the choice sticks", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark", viewport: { width: 1280, height: 800 }, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const org = await setup(page);
  await page.goto(`/${org}/payments/dev/revisions`);
  expect(await backgroundLuminance(page, "body")).toBeLessThan(0.15);
  expect(await backgroundLuminance(page, "header")).toBeLessThan(0.25);
  const toggle = page.getByRole("button", { name: "Dark theme" });
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  expect(await backgroundLuminance(page, "body")).toBeGreaterThan(0.9);
  await page.reload();
  expect(await backgroundLuminance(page, "body")).toBeGreaterThan(0.9);
  await context.close();
});

test("members do not get the admin-only Delete form; they are told who can delete", async ({ page, browser }) => {
  const member = `${unique("member")}@example.com`;
  const memberPage = await browser.newPage();
  await signUp(memberPage, member);
  const adminEmail = `${unique("admin")}@example.com`;
  const org = unique("nu");
  await signUp(page, adminEmail);
  await createOrg(page, org);
  await createEnvironment(page, org, "payments", "dev");
  await addMember(page, memberPage, org, member, "member");
  await page.goto(`/${org}/payments/dev/settings`);
  await expect(page.getByRole("button", { name: /Delete/ })).toBeVisible();

  await memberPage.goto(`/${org}/payments/dev/settings`);
  // admins are named by the name they signed up with, linked to their address
  await expect(memberPage.getByTestId("admin-only")).toContainText(`Only admins of ${org} can delete this environment. Ask ${adminEmail.split("@")[0]}.`);
  await expect(memberPage.getByTestId("admin-only").getByRole("link")).toHaveAttribute("href", `mailto:${adminEmail}`);
  await expect(memberPage.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await expect(memberPage.getByLabel(/Type/)).toHaveCount(0);
  await memberPage.close();
});

test("a form whose request never reaches the server says so and can be sent again", async ({ page }) => {
  const org = await setup(page);
  await page.goto(`/${org}/-/new`);
  await page.getByLabel("Project").fill("payments");
  await page.getByLabel("Environment name").fill("prod");
  // The server action's POST is dropped, as by a lost connection.
  await page.route(`**/${org}/-/new`, (route) => (route.request().method() === "POST" ? route.abort("connectionrefused") : route.continue()));
  await page.getByRole("button", { name: "Create environment" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The request did not reach the server" })).toBeVisible();
  const button = page.getByRole("button", { name: "Create environment" });
  await expect(button).toBeEnabled();
  await expect(page.getByLabel("Environment name")).toHaveValue("prod");
  await page.unroute(`**/${org}/-/new`);
  await button.click();
  await expect(page).toHaveURL(new RegExp(`/${org}/payments/prod$`));
});

test("a sign-in whose request never reaches the server says so and can be sent again", async ({ page, browser }) => {
  const email = `${unique("signin")}@example.com`;
  await signUp(page, email);
  const fresh = await browser.newPage();
  await fresh.goto("/sign-in");
  await fresh.getByLabel("Email").fill(email);
  await fresh.getByLabel("Password").fill(PASSWORD);
  // next-auth's endpoints are unreachable, as with a lost connection: no navigation to an error page
  await fresh.route("**/api/auth/**", (route) => route.abort("connectionrefused"));
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh.getByRole("alert").filter({ hasText: "The request did not reach the server" })).toBeVisible();
  await expect(fresh).toHaveURL(/\/sign-in/);
  await expect(fresh.getByLabel("Email")).toHaveValue(email);
  await fresh.unroute("**/api/auth/**");
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh).toHaveURL(/\/orgs\/new$/);
  // a wrong password is still told apart from a lost request
  await fresh.context().clearCookies();
  await fresh.goto("/sign-in");
  await fresh.getByLabel("Email").fill(email);
  await fresh.getByLabel("Password").fill("not-the-password-1");
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh.getByRole("alert").filter({ hasText: "match" })).toHaveText("That email and password don't match an account.");
  await fresh.close();
});

test("the Tokens page keeps the navigation of the organization you came from", async ({ page }) => {
  const [first, second] = [unique("nav"), unique("nav")];
  await signUp(page, `${unique("tokens")}@example.com`);
  await createOrg(page, first);
  await createOrg(page, second);
  await page.goto(`/${first}`);
  await page.goto("/account/tokens");
  const breadcrumb = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(breadcrumb.getByRole("link", { name: first })).toBeVisible();
  await page.goto(`/${second}`);
  await page.goto("/account/tokens");
  await expect(breadcrumb.getByRole("link", { name: second })).toBeVisible();
  // a cookie naming an organization the user does not belong to is ignored
  await page.context().addCookies([{ name: "ferry-last-org", value: "someone-elses-org", domain: new URL(page.url()).hostname, path: "/" }]);
  await page.goto("/account/tokens");
  await expect(breadcrumb.getByRole("link", { name: [first, second].sort()[0] })).toBeVisible();
});

test("the Cloud trust tab fills in the account the definition's roleArn names", async ({ page }) => {
  const org = await setup(page);
  await page.goto(`/${org}/payments/dev/trust`);
  await expect(page.getByLabel("Role trust policy (replace <ACCOUNT_ID>)", { exact: true })).toContainText("<ACCOUNT_ID>");
  await page.goto(`/${org}/payments/dev`);
  await pasteDefinition(page, "values:\n  aws:\n    login:\n      fn::open::aws-login:\n        oidc:\n          roleArn: arn:aws:iam::210987654321:role/deploy\n          sessionName: ferry\n");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();
  await page.goto(`/${org}/payments/dev/trust`);
  const policy = page.getByLabel("Role trust policy (account 210987654321, from the definition's roleArn)", { exact: true });
  expect(JSON.parse(await policy.innerText()).Statement[0].Principal.Federated).toMatch(/^arn:aws:iam::210987654321:oidc-provider\//);
});


test("a masked comparison lists a secret that changed as changed (hidden)", async ({ page }) => {
  const org = await setup(page);
  await page.goto(`/${org}/payments/dev`);
  for (const [value, revision] of [["first-secret", "2"], ["second-secret", "3"]]) {
    await pasteDefinition(page, `values:\n  db:\n    password:\n      fn::secret: ${value}\n`);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved revision ${revision}` })).toBeVisible();
  }
  await page.goto(`/${org}/payments/dev/compare/2...3`);
  const row = page.getByTestId("value-change").filter({ hasText: "db.password" });
  await expect(row).toContainText("changed (hidden)");
  await expect(page.getByTestId("value-change").filter({ hasText: "secret" }).first()).not.toContainText("first-secret");
  await expect(page.locator("body")).not.toContainText("second-secret");
});
