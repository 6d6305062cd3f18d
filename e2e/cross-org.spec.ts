import { expect, test } from "@playwright/test";
import { createEnvironment, createOrg, signUp, unique } from "./support/console";

test("members of another organization get not-found for everything in it", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const orgA = unique("alpha");
  await signUp(a, `${unique("a")}@example.com`);
  await createOrg(a, orgA);
  await createEnvironment(a, orgA, "payments", "dev");

  const b = await (await browser.newContext()).newPage();
  const orgB = unique("beta");
  await signUp(b, `${unique("b")}@example.com`);
  await createOrg(b, orgB);

  for (const url of [`/${orgA}`, `/${orgA}/payments`, `/${orgA}/payments/dev`, `/${orgA}/-/members`, `/${orgA}/-/new`]) {
    const res = await b.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(b.getByRole("heading", { name: "Not found" })).toBeVisible();
    // Nothing of A's leaks into the page, not even the name in navigation.
    await expect(b.getByText("payments")).toHaveCount(0);
  }
  // Org B's own navigation does not list A.
  await b.goto(`/${orgB}`);
  await b.getByLabel("Switch organization").click();
  await expect(b.getByRole("link", { name: orgA })).toHaveCount(0);

  // A signed-out visitor is sent to sign in, not told whether the org exists.
  const anon = await (await browser.newContext()).newPage();
  await anon.goto(`/${orgA}/payments/dev`);
  await expect(anon).toHaveURL(/sign-in/);
});
