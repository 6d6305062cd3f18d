import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

export const PASSWORD = "correct horse battery staple";

/** A name unique to this run, so specs never collide with each other's data. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

export async function signUp(page: Page, email: string, password = PASSWORD, name = email.split("@")[0]) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // A new account has no organization yet. Sign-up, then sign-in: two scrypt hashes, slow on a loaded machine.
  await expect(page).toHaveURL(/\/orgs\/new$/, { timeout: 30_000 });
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

export async function createOrg(page: Page, name: string) {
  await page.goto("/orgs/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${name}$`));
}

export async function createEnvironment(page: Page, org: string, project: string, name: string) {
  await page.goto(`/${org}/-/new`);
  await page.getByLabel("Project").fill(project);
  await page.getByLabel("Environment name").fill(name);
  await page.getByRole("button", { name: "Create environment" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org}/${project || "default"}/${name}$`));
}

/** The admin (on `page`) invites `email`; returns the link the console shows once. */
export async function invite(page: Page, org: string, email: string, role: "member" | "admin" = "member"): Promise<string> {
  await page.goto(`/${org}/-/members`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invited ${email}` })).toBeVisible();
  const link = (await page.getByTestId("invitation-link").innerText()).trim();
  expect(link).toMatch(/\/invite\/fry_inv_[A-Za-z0-9_-]{43}$/);
  return link;
}

/** The invited account, signed in on `page`, opens the link and joins. */
export async function acceptInvitation(page: Page, link: string, org: string) {
  await page.goto(link);
  await page.getByRole("button", { name: `Accept and join ${org}` }).click();
  await expect(page).toHaveURL(new RegExp(`/${org}$`));
}

/** Invites `email` and has the account signed in on `memberPage` accept: adding a member, as the console does it. */
export async function addMember(page: Page, memberPage: Page, org: string, email: string, role: "member" | "admin" = "member") {
  await acceptInvitation(memberPage, await invite(page, org, email, role), org);
}
