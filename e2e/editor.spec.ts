import { expect, test, type Page } from "@playwright/test";
import { createEnvironment, createOrg, signUp, unique, addMember } from "./support/console";
import { expectJson, pasteDefinition, resolvedValues, showJson } from "./support/editor";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
const shot = (name: string) => ({ path: `.tmp/screens/${name}.png` });

async function setup(page: Page) {
  const org = unique("ed");
  await signUp(page, `${unique("editor")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "", "base");
  await createEnvironment(page, org, "payments", "dev");
  return org;
}

test("typing updates the resolved values live; bad references get markers and problems; completion and hover help", async ({ page }) => {
  const org = await setup(page);
  // Give the imported environment a value first.
  await page.goto(`/${org}/default/base`);
  await pasteDefinition(page, "values:\n  region: eu-west-1\n");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();

  await page.goto(`/${org}/payments/dev`);
  await pasteDefinition(
    page,
    "imports:\n  - default/base\nvalues:\n  app:\n    name: ferry\n    url: https://${app.name}.example.com\n  token:\n    fn::secret: s3cr3t-value\n  environmentVariables:\n    APP_URL: ${app.url}\n",
  );
  await expectJson(page, {
    app: { name: "ferry", url: "https://ferry.example.com" },
    environmentVariables: { APP_URL: "https://ferry.example.com" },
    region: "eu-west-1",
    token: "[secret]",
  });
  await resolvedValues(page).getByRole("tab", { name: "Environment variables" }).click();
  await expect(resolvedValues(page).getByRole("cell", { name: "https://ferry.example.com" })).toBeVisible();
  await resolvedValues(page).getByRole("tab", { name: "Tree" }).click();
  await expect(resolvedValues(page).getByText("[secret]")).toBeVisible();
  await page.screenshot(shot("editor-live"));

  // Show secrets asks the server (the open right, audited) and reveals the value.
  await page.getByRole("button", { name: "Show secrets" }).click();
  await expect(page.getByRole("button", { name: "Show secrets" })).toHaveAttribute("aria-pressed", "true");
  await expect(resolvedValues(page).getByText('"s3cr3t-value"')).toBeVisible();
  await page.getByRole("button", { name: "Show secrets" }).click();
  await expect(resolvedValues(page).getByText("[secret]")).toBeVisible();

  // Leaving with unsaved changes asks first; declining keeps the page and the text.
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("link", { name: "Revisions" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org}/payments/dev$`));
  await expect(page.getByText("Unsaved changes")).toBeVisible();

  // Hovering a reference shows its resolved value and where it is defined.
  await page.locator(".monaco-editor .view-line span", { hasText: "${app.url}" }).last().hover();
  const hover = page.locator(".monaco-editor .monaco-hover").filter({ hasText: "ferry.example.com" });
  await expect(hover).toBeVisible();
  await expect(hover).toContainText("line 6");

  // A misspelt reference: a marker in the editor, a problem that names the near miss.
  await pasteDefinition(page, "values:\n  app:\n    name: ferry\n  url: ${app.nmae}\n");
  const problems = page.getByRole("region", { name: "Problems" });
  const problem = problems.getByRole("button", { name: /unknown property "nmae"/ });
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('Did you mean "name"?');
  // The accessor `.nmae` starts at the dot, as the reference reports it.
  await expect(problem).toContainText("4:13");
  await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(1);
  await problem.click();
  await expect(page.locator(".monaco-editor .cursors-layer .cursor")).toBeVisible();

  // Completion: builtins at a key position, and property paths inside ${.
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("  other: ${app.");
  const suggest = page.locator(".monaco-editor .suggest-widget");
  await expect(suggest.getByText("name", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.type("  x:\n");
  await page.keyboard.type("fn::");
  await page.keyboard.press("ControlOrMeta+Space");
  await expect(suggest.getByText("fn::secret", { exact: true })).toBeVisible();
  await expect(suggest.getByText("fn::open::aws-login", { exact: true })).toBeVisible();
  await page.screenshot(shot("editor-completion"));
  await page.keyboard.press("Escape");
});

test("save twice, compare, tag, open at the tag, make current", async ({ page }) => {
  const org = await setup(page);
  const base = `/${org}/payments/dev`;
  await page.goto(base);
  await pasteDefinition(page, "values:\n  greeting: hello\n  count: 1\n");
  await page.getByLabel("Revision message").fill("first");
  await page.keyboard.press("ControlOrMeta+S");
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();
  await pasteDefinition(page, "values:\n  greeting: hello, world\n  count: 1\n");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 3" })).toBeVisible();

  // Saving a definition with errors needs a confirmation that names them.
  await pasteDefinition(page, "values:\n  broken: ${nope}\n");
  await page.getByRole("button", { name: "Save" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText('unknown property "nope"');
  await dialog.getByRole("button", { name: "Keep editing" }).click();
  await pasteDefinition(page, "values:\n  greeting: hello, world\n  count: 1\n");

  await page.getByRole("link", { name: "Revisions" }).click();
  await expect(page.getByTestId("revision-row")).toHaveCount(3);
  await page.screenshot(shot("revisions"));
  await page.goto(`${base}/compare/2...3`);
  await expect(page.getByTestId("definition-diff").locator(".line-insert, .char-insert").first()).toBeVisible();
  const change = page.getByTestId("value-change");
  await expect(change).toHaveCount(1);
  await expect(change).toContainText("greeting");
  await expect(change).toContainText('"hello"');
  await expect(change).toContainText('"hello, world"');
  await page.getByRole("tab", { name: "Inline" }).click();
  await page.screenshot(shot("compare"));

  // Tag revision 2 as stable, then read it at the tag's URL.
  await page.goto(`${base}/revisions`);
  await page.getByLabel("Tag").fill("stable");
  await page.getByLabel("Revision", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Tag" }).click();
  await expect(page.getByRole("status").filter({ hasText: "stable now points at revision 2" })).toBeVisible();
  await page.goto(`${base}/revisions/stable`);
  await expect(page.getByRole("heading", { name: /Revision 2/ })).toBeVisible();
  await expect(page.getByTestId("revision-values")).toContainText('"greeting": "hello"');

  // Make current: revision 4 gets revision 2's content.
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Make current" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));
  await expect(page.getByTestId("editing-revision")).toHaveText("4");
  await expectJson(page, { count: 1, greeting: "hello" });
});

test("two people editing at once: the second save shows the conflict and loses nothing", async ({ browser, page }) => {
  const org = await setup(page);
  const base = `/${org}/payments/dev`;
  // A teammate in another browser.
  const email = `${unique("mate")}@example.com`;
  const other = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const mate = await other.newPage();
  await signUp(mate, email);
  await addMember(page, mate, org, email);

  await page.goto(base);
  await mate.goto(base);
  await pasteDefinition(mate, "values:\n  owner: mate\n");
  await mate.getByRole("button", { name: "Save" }).click();
  await expect(mate.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();

  await pasteDefinition(page, "values:\n  owner: me\n  extra: mine\n");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Someone else saved revision 2 while you were editing" })).toBeVisible();
  const diff = page.getByTestId("conflict-diff");
  await expect(diff).toContainText("owner: mate");
  await expect(diff).toContainText("extra: mine");
  await page.screenshot(shot("conflict"));
  await page.getByRole("button", { name: "Save merged" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 3" })).toBeVisible();
  await expect(await showJson(page)).toContainText('"extra": "mine"');
  await other.close();
});
