// Invitations end to end: an admin invites an address that has no account yet, copies the link
// (shown once), the invitee opens it in another browser, signs up through it and joins with the
// invited role; the link then refuses a second use, refuses another account, and a revoked
// invitation's link stops working.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, createOrg, invite, signUp, unique } from "./support/console";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("an invited newcomer signs up through the link and joins with the invited role; the link works once; revoking kills a link", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = `${unique("admin")}@example.com`;
  const org = unique("inv");
  await signUp(page, admin);
  await createOrg(page, org);

  // The admin invites an address without an account, as an admin, and copies the link.
  const newcomer = `${unique("newcomer")}@example.com`;
  const shown = await invite(page, org, newcomer, "admin");
  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(shown);
  await expect(page.getByTestId("pending-invitation").filter({ hasText: newcomer })).toContainText("admin");
  // shown once: after a reload the page lists the invitation but not its link
  await page.reload();
  await expect(page.getByTestId("invitation-link")).toHaveCount(0);
  await expect(page.getByTestId("pending-invitation").filter({ hasText: newcomer })).toBeVisible();

  // The newcomer, in another browser, opens it, signs up through it and accepts.
  const guest = await freshPage(browser);
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: `Join ${org}` })).toBeVisible();
  await expect(guest.getByText(`invited ${newcomer[0]}…@example.com to join`)).toBeVisible();
  await guest.getByRole("link", { name: "Create an account" }).click();
  await expect(guest).toHaveURL(/\/sign-up\?invitation=fry_inv_/);
  // another address is refused, with the invited one masked
  await guest.getByLabel("Name").fill("New Comer");
  await guest.getByLabel("Email").fill(`${unique("other")}@example.com`);
  await guest.getByLabel("Password").fill(PASSWORD);
  await guest.getByRole("button", { name: "Create account" }).click();
  await expect(guest.getByText(`This invitation is for ${newcomer[0]}…@example.com.`)).toBeVisible();
  await guest.getByLabel("Email").fill(newcomer);
  await guest.getByRole("button", { name: "Create account" }).click();
  await expect(guest).toHaveURL(link);
  await guest.getByRole("button", { name: `Accept and join ${org}` }).click();
  await expect(guest).toHaveURL(new RegExp(`/${org}$`));
  // the header shows the name given at sign-up, the address in its tooltip
  await expect(guest.locator("summary[aria-label='User menu']")).toContainText("New Comer");
  await expect(guest.locator("summary[aria-label='User menu']")).toHaveAttribute("title", newcomer);
  // the invited role: admins see the invite form
  await guest.goto(`/${org}/-/members`);
  await expect(guest.getByRole("button", { name: "Invite" })).toBeVisible();
  await page.goto(`/${org}/-/members`);
  await expect(page.getByLabel(`Role of ${newcomer}`)).toHaveValue("admin");
  await expect(page.getByTestId("pending-invitation")).toHaveCount(0);

  // A second use of the link is refused, for the invitee and for anyone else.
  await guest.goto(link);
  await expect(guest.getByText("This invitation has already been used.")).toBeVisible();
  await expect(guest.getByRole("button", { name: /Accept/ })).toHaveCount(0);
  const stranger = await freshPage(browser);
  const strangerEmail = `${unique("stranger")}@example.com`;
  await signUp(stranger, strangerEmail);
  await stranger.goto(link);
  await expect(stranger.getByText("This invitation has already been used.")).toBeVisible();

  // A pending invitation opened by another signed-in account: refused with the masked address.
  const member = `${unique("member")}@example.com`;
  const memberLink = await invite(page, org, member, "member");
  await stranger.goto(memberLink);
  await expect(stranger.getByText(`This invitation is for ${member[0]}…@example.com; sign in as that account.`)).toBeVisible();
  await expect(stranger.getByRole("button", { name: /Accept/ })).toHaveCount(0);
  await stranger.goto(`/${org}`);
  await expect(stranger.getByText(/not found/i).first()).toBeVisible();

  // Revoking: the row goes, and its link stops working.
  await page.goto(`/${org}/-/members`);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: `Revoke the invitation of ${member}` }).click();
  await expect(page.getByTestId("pending-invitation")).toHaveCount(0);
  const memberPage = await freshPage(browser);
  await signUp(memberPage, member);
  await memberPage.goto(memberLink);
  await expect(memberPage.getByText("This invitation was revoked.")).toBeVisible();
  await expect(memberPage.getByRole("button", { name: /Accept/ })).toHaveCount(0);

  // The audit log has the whole story.
  await page.goto(`/${org}/-/audit`);
  for (const action of ["invitation.send", "invitation.accept", "invitation.revoke"]) {
    await expect(page.getByTestId("audit-row").filter({ hasText: action }).first()).toBeVisible();
  }
});

test("an existing account signs in through the link and joins; Account → Activity lists its sign-ins", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = `${unique("admin")}@example.com`;
  const org = unique("inv");
  await signUp(page, admin);
  await createOrg(page, org);
  const existing = `${unique("existing")}@example.com`;
  const other = await freshPage(browser);
  await signUp(other, existing);
  await other.context().clearCookies();
  const link = await invite(page, org, existing, "member");

  await other.goto(link);
  await other.getByRole("link", { name: "Sign in to accept" }).click();
  await other.getByLabel("Email").fill(existing);
  await other.getByLabel("Password").fill("not the password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("alert").filter({ hasText: "don't match an account" })).toBeVisible();
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(link);
  await other.getByRole("button", { name: `Accept and join ${org}` }).click();
  await expect(other).toHaveURL(new RegExp(`/${org}$`));
  await other.goto(`/${org}/-/members`);
  await expect(other.getByText("Only admins can invite members.")).toBeVisible();

  await other.goto("/account/activity");
  const rows = other.getByTestId("account-event");
  await expect(rows.first()).toContainText("succeeded");
  await expect(rows.filter({ hasText: "refused: wrong password" })).toHaveCount(1);
});

test("signing up again with a taken address answers like a new one and does not sign in", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const taken = `${unique("taken")}@example.com`;
  await signUp(page, taken);
  const intruder = await freshPage(browser);
  await intruder.goto("/sign-up");
  await intruder.getByLabel("Name").fill("Intruder");
  await intruder.getByLabel("Email").fill(taken);
  await intruder.getByLabel("Password").fill("another long password");
  await intruder.getByRole("button", { name: "Create account" }).click();
  await expect(intruder).toHaveURL(/\/sign-in\?notice=signed-up/);
  await expect(intruder.getByText("If this address can sign up, the account is ready; sign in.")).toBeVisible();
});
