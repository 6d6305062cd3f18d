import { expect, test } from "@playwright/test";
import { createEnvironment, createOrg, signUp, unique } from "./support/console";
import { buildRequest } from "./support/hostile/cases";
import { describeChanges, snapshotDatabase } from "./support/hostile/db-snapshot";
import { discoverActions, discoverPages, discoverRoutes, fillTemplate } from "./support/hostile/discover";
import { defaultParams, ENDPOINTS, type HttpMethod, type MethodCases } from "./support/hostile/endpoints";
import { ACTIONS } from "./support/hostile/actions";
import { actionPath, validArgs } from "./support/hostile/action-cases";
import { callAction } from "./support/hostile/server-actions";
import { send } from "./support/hostile/raw-http";
import { seedTenants, type Tenants } from "./support/hostile/tenants";

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

  for (const url of [`/${orgA}`, `/${orgA}/payments`, `/${orgA}/payments/dev`, `/${orgA}/payments/dev/access`, `/${orgA}/-/members`, `/${orgA}/-/teams`, `/${orgA}/-/audit`, `/${orgA}/-/new`]) {
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

// The same promise for every route handler, server action and page, found by discovery: the
// victim's admin is refused nothing (the control), another organization's admin is told
// "not found" and a signed-out client "sign in", and the database holds the same rows after.
test.describe("another tenant, through the API, server actions and every page", () => {
  test.describe.configure({ mode: "serial" });
  let t: Tenants;
  test.beforeAll(async () => {
    test.setTimeout(60_000);
    t = await seedTenants();
  });

  const tenantRoutes = () =>
    discoverRoutes().flatMap((route) => {
      const entry = ENDPOINTS[route.template];
      if (!entry || (entry.auth !== "pat" && entry.auth !== "session")) return [];
      return (Object.entries(entry.methods) as [HttpMethod, MethodCases][]).map(([method, cases]) => ({ template: route.template, auth: entry.auth, ownAccount: entry.ownAccount, method, cases }));
    });

  test("REST routes and the editor's route answer an outsider 404 and a signed-out client 401", async () => {
    const routes = tenantRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const problems: string[] = [];
    const before = snapshotDatabase();
    for (const r of routes) {
      const call = r.cases.valid(t);
      const outsider: Record<string, string> = r.auth === "pat" ? { authorization: `Bearer ${t.outsider.pat}` } : { cookie: t.outsider.cookie };
      // A route about the caller's own account answers the outsider about the outsider.
      const attempts: [string, Record<string, string>, number][] = [["outsider", outsider, r.ownAccount ? 200 : 404], ["signed out", {}, 401]];
      for (const [who, auth, status] of attempts) {
        const res = await send(buildRequest(r.template, r.method, call, t, auth));
        const body = r.method === "HEAD" ? {} : JSON.parse(res.body.toString() || "{}");
        if (res.status !== status || (status >= 400 && r.method !== "HEAD" && typeof body.message !== "string")) problems.push(`${who} ${r.method} ${r.template}: HTTP ${res.status} ${res.body.toString().slice(0, 160)}`);
        if (who === "outsider" && res.body.toString().includes(t.victim.org)) problems.push(`${who} ${r.method} ${r.template}: the answer names the victim's organization`);
      }
    }
    // The victim's ids through the outsider's own environment: sessions and run tokens are bound to theirs.
    const own = { org: t.outsider.org };
    for (const [template, method] of [
      ["/api/esc/environments/[org]/[project]/[env]/open/[session]", "GET"],
      ["/api/esc/environments/[org]/[project]/[env]/run-tokens/[id]", "DELETE"],
    ] as const) {
      const res = await send(buildRequest(template, method, { params: own }, t, { authorization: `Bearer ${t.outsider.pat}` }));
      if (res.status !== 404) problems.push(`outsider ${method} ${template} with the victim's id: HTTP ${res.status}`);
    }
    // Leases are addressed by organization and id: the victim's lease under the outsider's own organization.
    for (const action of ["revoke", "renew"]) {
      const res = await send(buildRequest(`/api/leases/[org]/[id]/${action}`, "POST", { params: { ...own, id: t.victim.leaseId }, json: {} }, t, { authorization: `Bearer ${t.outsider.pat}` }));
      if (res.status !== 404) problems.push(`outsider POST ${action} of the victim's lease under their own organization: HTTP ${res.status}`);
    }
    expect(describeChanges(before, snapshotDatabase())).toEqual([]);
    expect(problems).toEqual([]);
    // Controls: the same requests as the victim's admin succeed (reads only: nothing changes).
    for (const r of routes.filter((r) => !r.cases.mutates)) {
      const auth: Record<string, string> = r.auth === "pat" ? { authorization: `Bearer ${t.victim.pat}` } : { cookie: t.victim.cookie };
      const res = await send(buildRequest(r.template, r.method, r.cases.valid(t), t, auth));
      expect(res.status, `${r.method} ${r.template} as the victim`).toBe(r.cases.ok);
    }
  });

  test("server actions tell an outsider not found and send a signed-out client to sign in", async () => {
    const problems: string[] = [];
    const before = snapshotDatabase();
    const actions = discoverActions().filter((a) => ACTIONS[a.key]);
    expect(actions.length).toBeGreaterThan(15);
    for (const action of actions) {
      const entry = ACTIONS[action.key];
      if (entry.scope === "public") continue;
      const call = { id: action.id, path: actionPath(action, t), args: validArgs(entry, t) };
      const signedOut = await callAction(call);
      if (signedOut.redirect !== "/sign-in") problems.push(`signed out ${action.key}: HTTP ${signedOut.res.status} ${JSON.stringify(signedOut.result)}`);
      // Creating a token or an organization for oneself is not another tenant's business.
      if (entry.scope === "account" && !entry.args.includes("id")) continue;
      const outsider = await callAction({ ...call, cookie: t.outsider.cookie });
      const result = outsider.result as { status?: string; message?: string } | undefined;
      // An invitation link names its organization to whoever holds it; another account is told
      // whose it is (masked) rather than "not found", so its owner knows to switch accounts.
      const refusal = action.key.endsWith("#acceptInvitationAction") ? /^This invitation is for .…@.*; sign in as that account\.$/ : /not found/;
      if (outsider.redirect || result?.status !== "error" || !refusal.test(result.message ?? "")) {
        problems.push(`outsider ${action.key}: HTTP ${outsider.res.status} ${outsider.redirect ?? ""} ${JSON.stringify(result)}`);
      }
    }
    expect(describeChanges(before, snapshotDatabase())).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("every page of another organization is not found", async () => {
    const pages = discoverPages().filter((p) => p.template.startsWith("/[org]"));
    expect(pages.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const page of pages) {
      const path = fillTemplate(page.template, { ...defaultParams(t), range: "1...2", version: "1" });
      const outsider = await send({ method: "GET", path, headers: { cookie: t.outsider.cookie } });
      if (outsider.status !== 404) problems.push(`outsider ${path}: HTTP ${outsider.status}`);
      const victim = await send({ method: "GET", path, headers: { cookie: t.victim.cookie } });
      if (victim.status !== 200) problems.push(`victim ${path}: HTTP ${victim.status}`);
    }
    expect(problems).toEqual([]);
  });
});
