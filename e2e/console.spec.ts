import { expect, test } from "@playwright/test";
import { PASSWORD, acceptInvitation, createEnvironment, createOrg, invite, signUp, unique } from "./support/console";
import { expectJson, pasteDefinition } from "./support/editor";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const shot = (name: string) => ({ path: `.tmp/screens/${name}.png`, fullPage: true });

test("a newcomer signs up, creates an organization, adds a member, creates environments and saves revisions", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const teammate = `${unique("teammate")}@example.com`;
  const other = await browser.newContext();
  const teammatePage = await other.newPage();
  await signUp(teammatePage, teammate);

  const email = `${unique("owner")}@example.com`;
  const org = unique("acme");
  await page.goto("/sign-up");
  await page.screenshot(shot("sign-up"));
  await signUp(page, email);
  await page.screenshot(shot("org-new"));

  // Invalid and reserved names are refused with a field error; what was typed stays.
  await page.getByLabel("Organization name").fill("bad name!");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "may contain only letters, digits" })).toBeVisible();
  await expect(page.getByLabel("Organization name")).toHaveValue("bad name!");
  await createOrg(page, org);
  await expect(page.getByRole("heading", { name: "No environments yet" })).toBeVisible();
  await page.screenshot(shot("org-empty"));

  // Members: an invalid address is a field error; an existing user is invited and joins with a role.
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email").fill("not an address");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await acceptInvitation(teammatePage, await invite(page, org, teammate, "member"), org);
  await other.close();
  await page.goto(`/${org}/-/members`);
  await expect(page.getByRole("cell", { name: teammate })).toBeVisible();
  await page.screenshot(shot("members"));
  // The last admin cannot demote themself; the teammate can be promoted, then removed.
  await page.getByLabel(`Role of ${email}`).selectOption("member");
  await expect(page.getByRole("alert").filter({ hasText: "at least one admin" })).toBeVisible();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("admin");
  await page.getByLabel(`Role of ${teammate}`).selectOption("admin");
  await expect(page.getByLabel(`Role of ${teammate}`)).toHaveValue("admin");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("row", { name: new RegExp(teammate) }).getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("cell", { name: teammate })).toHaveCount(0);

  await createEnvironment(page, org, "payments", "dev");
  await expect(page.getByTestId("head-revision")).toHaveText("1");
  await createEnvironment(page, org, "", "shared");
  await createEnvironment(page, org, "payments", "prod");

  // A duplicate is a field error, not an exception.
  await page.goto(`/${org}/-/new`);
  await page.getByLabel("Project").fill("payments");
  await page.getByLabel("Environment name").fill("dev");
  await page.getByRole("button", { name: "Create environment" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already exists" })).toBeVisible();

  // Listed grouped by project, with a filter.
  await page.goto(`/${org}`);
  await expect(page.getByRole("region", { name: "payments" }).getByRole("link", { name: /\/payments\/dev\b/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "default" }).getByRole("link", { name: /\/default\/shared\b/ })).toBeVisible();
  await page.screenshot(shot("environments"));
  await page.getByLabel("Filter environments").fill("prod");
  await expect(page.getByRole("main").getByRole("link", { name: /payments\/prod\b/ })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: /payments\/dev\b/ })).toHaveCount(0);

  // Two saves make revisions 2 and 3, each with author and message.
  await page.goto(`/${org}/payments/dev`);
  await pasteDefinition(page, "values:\n  greeting: hello\n");
  await page.getByLabel("Revision message").fill("first greeting");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();
  await pasteDefinition(page, "values:\n  greeting: hello, world\n");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 3" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("head-revision")).toHaveText("3");
  await expectJson(page, { greeting: "hello, world" });
  await page.screenshot(shot("environment"));
  await page.getByRole("link", { name: "Revisions" }).click();
  const revisions = page.getByTestId("revision-row");
  await expect(revisions).toHaveCount(3);
  await expect(revisions.nth(1)).toContainText("first greeting");
  await expect(revisions.nth(1)).toContainText(email);

  // Deleting needs the exact name.
  await page.goto(`/${org}/payments/prod/settings`);
  const del = page.getByRole("button", { name: "Delete environment" });
  await expect(del).toBeDisabled();
  await page.getByLabel("Type prod to confirm").fill("prod");
  await del.click();
  await expect(page).toHaveURL(new RegExp(`/${org}$`));
  await expect(page.getByRole("main").getByRole("link", { name: /payments\/prod\b/ })).toHaveCount(0);

  // Sign out and back in.
  await page.getByLabel("User menu").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  await page.screenshot(shot("sign-in-error"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org}$`));

  // The session cookie is out of reach of scripts and not sent on cross-site subrequests.
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
});

test("an unknown organization or environment renders the not-found page", async ({ page }) => {
  await signUp(page, `${unique("lost")}@example.com`);
  for (const url of ["/no-such-org", "/no-such-org/default/dev", "/no-such-org/-/members"]) {
    const res = await page.goto(url);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
  await page.screenshot(shot("not-found"));
});
