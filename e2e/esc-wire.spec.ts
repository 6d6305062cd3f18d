// The esc CLI's Go client, request for request (pulumi/esc v0.25.0, cmd/esc/cli/client/client.go
// and the commands that page through it), against the production console. Each step names the
// source lines whose request it repeats; the assertions are what that code reads from the answer.
import { expect, test } from "@playwright/test";
import { E2E_BASE_URL } from "./support/paths";
import { seedTenants, type Tenants } from "./support/hostile/tenants";

let t: Tenants;
test.beforeAll(async () => {
  t = await seedTenants();
});

/** restCallWithOptions/httpCall (client.go 1680–1760): JSON content type always, `token` auth, the vnd.pulumi Accept. */
async function esc(method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${E2E_BASE_URL}${path}`, {
    method,
    body: opts.body,
    redirect: "manual",
    headers: { "content-type": "application/json", accept: "application/vnd.pulumi+8", authorization: `token ${t.victim.pat}`, "user-agent": "esc-sdk/1 (v0.25.0; linux)", ...opts.headers },
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

test("esc login, env ls and env init: user, default organization, environments across organizations, create", async () => {
  // GetPulumiAccountDetails (client.go 578–605): githubLogin and each organization's githubLogin must be set.
  const user = await esc("GET", "/api/user");
  expect(user.status).toBe(200);
  expect(user.json.githubLogin).toBeTruthy();
  expect(user.json.organizations.map((o: any) => o.githubLogin)).toContain(t.victim.org);
  // GetDefaultOrg (client.go 644–653) reads gitHubLogin.
  const def = await esc("GET", "/api/user/organizations/default");
  expect(def.status).toBe(200);
  expect(typeof def.json.gitHubLogin).toBe("string");
  // ListEnvironments (client.go 655–670): JSON, never a redirect to the sign-in page.
  const all = await esc("GET", "/api/esc/environments");
  expect(all.status).toBe(200);
  expect(all.json.environments).toContainEqual(expect.objectContaining({ organization: t.victim.org, project: "payments", name: "dev" }));
  expect(all.json.environments.some((e: any) => e.organization === t.outsider.org)).toBe(false);
  // CreateEnvironmentWithProject (client.go 700–709) then DeleteEnvironment: both 200 as ESC answers.
  const name = `wire-${Date.now().toString(36)}`;
  expect((await esc("POST", `/api/esc/environments/${t.victim.org}`, { body: JSON.stringify({ project: "payments", name }) })).status).toBe(200);
  const del = await esc("DELETE", `/api/esc/environments/${t.victim.org}/payments/${name}`);
  expect(del.status).toBe(200);
});

test("esc env get/set/edit: Pulumi-ESC-Revision on reads and writes, and a stale ETag is a conflict", async () => {
  const name = `wire-set-${Date.now().toString(36)}`;
  const base = `/api/esc/environments/${t.victim.org}/payments/${name}`;
  await esc("POST", `/api/esc/environments/${t.victim.org}`, { body: JSON.stringify({ project: "payments", name }) });
  // GetEnvironment (client.go 720–750): the revision comes only from Pulumi-ESC-Revision.
  const read = await esc("GET", base);
  expect(read.status).toBe(200);
  const etag = read.headers.get("etag")!;
  expect(Number(read.headers.get("pulumi-esc-revision"))).toBe(1);
  // UpdateEnvironmentWithRevision (client.go 776–810): ETag request header, revision from the answer's header.
  const first = await esc("PATCH", base, { body: "values:\n  a: 1\n", headers: { etag } });
  expect(first.status).toBe(200);
  expect(Number(first.headers.get("pulumi-esc-revision"))).toBe(2);
  // A second writer still holding the old ETag must not overwrite the first.
  const second = await esc("PATCH", base, { body: "values:\n  a: 2\n", headers: { etag } });
  expect(second.status).toBe(409);
  expect((await esc("GET", base)).text).toContain("a: 1");
  // Errors in the definition: 400 with diagnostics at the top level (client.go 795–800).
  const bad = await esc("PATCH", base, { body: "values:\n  a: ${nope}\n" });
  expect(bad.status).toBe(400);
  expect(bad.json).toMatchObject({ code: 400, diagnostics: [expect.objectContaining({ summary: expect.any(String) })] });
  // The definition at a version (resolveEnvironmentPath, client.go 612–620) carries its own revision.
  expect(Number((await esc("GET", `${base}/versions/1`)).headers.get("pulumi-esc-revision"))).toBe(1);
  // `esc env get env@2 --show-secrets`: GetEnvironment appends /decrypt to the version's path
  // (client.go 730–734); the secret comes back in plaintext, the revision in its header.
  const sealed = await esc("PATCH", base, { body: "values:\n  pw:\n    fn::secret: hunter2\n" });
  expect(sealed.status).toBe(200);
  const revision = Number(sealed.headers.get("pulumi-esc-revision"));
  expect((await esc("GET", `${base}/versions/${revision}`)).text).not.toContain("hunter2");
  const decrypted = await esc("GET", `${base}/versions/${revision}/decrypt`);
  expect(decrypted.status).toBe(200);
  expect(decrypted.text).toContain("hunter2");
  expect(Number(decrypted.headers.get("pulumi-esc-revision"))).toBe(revision);
  expect((await esc("GET", `${base}/versions/${revision + 1}/decrypt`)).status).toBe(404);
});

test("esc env version history and tag ls page until an empty page; env@N shows revision N", async () => {
  const base = `/api/esc/environments/${t.victim.org}/payments/dev`;
  // env_version_history.go 95–110: before = last number, count = page size, stop on an empty page.
  const seen: number[] = [];
  let before: number | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await esc("GET", `${base}/versions?${before ? `before=${before}&` : ""}count=2`);
    expect(page.status).toBe(200);
    if (page.json.length === 0) break;
    seen.push(...page.json.map((r: any) => r.number));
    before = page.json.at(-1).number;
  }
  expect(seen).toEqual([3, 2, 1]);
  // GetEnvironmentRevision (client.go 1400–1410): before = n + 1, count = 1.
  const one = await esc("GET", `${base}/versions?before=3&count=1`);
  expect(one.json.map((r: any) => r.number)).toEqual([2]);
  // env_version_tag_ls.go 115–131: after = last name, stop on an empty page.
  const names: string[] = [];
  let after = "";
  for (let i = 0; i < 20; i++) {
    const page = await esc("GET", `${base}/versions/tags?after=${encodeURIComponent(after)}&count=2`);
    expect(page.status).toBe(200);
    if (page.json.tags.length === 0) break;
    names.push(...page.json.tags.map((x: any) => x.name));
    after = page.json.tags.at(-1).name;
  }
  expect(names).toEqual([...names].sort());
  expect(names).toEqual(expect.arrayContaining(["latest", "stable"]));
});

test("esc env version tag: move first, create on 404; creating an existing tag is a 409; both answer 204", async () => {
  const base = `/api/esc/environments/${t.victim.org}/payments/dev/versions/tags`;
  const tag = `wire${Date.now().toString(36)}`;
  // env_version_tag.go 55–66: UpdateEnvironmentRevisionTag, then CreateEnvironmentRevisionTag if not found.
  expect((await esc("PATCH", `${base}/${tag}`, { body: JSON.stringify({ revision: 2 }) })).status).toBe(404);
  expect((await esc("POST", base, { body: JSON.stringify({ name: tag, revision: 2 }) })).status).toBe(204);
  expect((await esc("POST", base, { body: JSON.stringify({ name: tag, revision: 1 }) })).status).toBe(409);
  expect((await esc("PATCH", `${base}/${tag}`, { body: JSON.stringify({ revision: 1 }) })).status).toBe(204);
  expect((await esc("GET", `${base}/${tag}`)).json).toMatchObject({ name: tag, revision: 1 });
});

test("esc env open and check: errors are a 400 with diagnostics; yaml/check works without an environment", async () => {
  const org = t.victim.org;
  // OpenEnvironment (client.go 925–955) on an environment that resolves: {id}, then GetOpenProperty.
  const opened = await esc("POST", `/api/esc/environments/${org}/payments/dev/open?duration=2h0m0s`);
  expect(opened.status).toBe(200);
  const prop = await esc("GET", `/api/esc/environments/${org}/payments/dev/open/${opened.json.id}?property=greeting`);
  expect(prop.json).toMatchObject({ value: "hello" });
  // An environment with errors does not open.
  const name = `wire-bad-${Date.now().toString(36)}`;
  await esc("POST", `/api/esc/environments/${org}`, { body: JSON.stringify({ project: "payments", name }) });
  // It checks clean (check mode calls no provider) but the STS refuses a role nobody set up.
  const login = "values:\n  aws:\n    fn::open::aws-login:\n      oidc:\n        roleArn: arn:aws:iam::123456789012:role/nobody\n        sessionName: wire\n";
  expect((await esc("PATCH", `/api/esc/environments/${org}/payments/${name}`, { body: login })).status).toBe(200);
  const refused = await esc("POST", `/api/esc/environments/${org}/payments/${name}/open?duration=1h0m0s`);
  expect(refused.status).toBe(400);
  expect(refused.json).toMatchObject({ code: 400, message: expect.any(String), diagnostics: [expect.objectContaining({ severity: "error" })] });
  expect(refused.text).not.toContain("[unknown]");
  // CheckYAMLEnvironment (client.go 1025–1055): esc.Environment on success, 400 with diagnostics on errors.
  const good = await esc("POST", `/api/esc/environments/${org}/yaml/check`, { body: "imports: [payments/dev]\nvalues:\n  x: ${greeting}\n" });
  expect(good.status).toBe(200);
  expect(good.json).toMatchObject({ properties: { x: { value: "hello" } }, exprs: expect.any(Object), schema: expect.any(Object) });
  const bad = await esc("POST", `/api/esc/environments/${org}/yaml/check`, { body: "values:\n  x: ${nope}\n" });
  expect(bad.status).toBe(400);
  expect(bad.json.diagnostics.length).toBeGreaterThan(0);
  // Another organization's yaml/check is not found, as everything else of theirs.
  expect((await esc("POST", `/api/esc/environments/${t.outsider.org}/yaml/check`, { body: "values: {}\n" })).status).toBe(404);
});

test("anonymous open (OpenYAMLEnvironment, GetAnonymousOpenEnvironment/Property): the opener reads it, nobody else does", async () => {
  const org = t.victim.org;
  // OpenYAMLEnvironment (client.go 1055–1083): duration as time.Duration.String(), the definition as the body.
  const opened = await esc("POST", `/api/esc/environments/${org}/yaml/open?duration=2h0m0s`, { body: "imports: [payments/dev]\nvalues:\n  x: ${greeting}\n" });
  expect(opened.status).toBe(200);
  const id = opened.json.id as string;
  // GetAnonymousOpenEnvironment (1100–1108) and GetAnonymousOpenProperty (1126–1140).
  const env = await esc("GET", `/api/esc/environments/${org}/yaml/open/${id}`);
  expect(env.status).toBe(200);
  expect(env.json).toMatchObject({ properties: { x: { value: "hello" }, greeting: { value: "hello" } } });
  expect((await esc("GET", `/api/esc/environments/${org}/yaml/open/${id}?property=x`)).json).toMatchObject({ value: "hello" });
  // Errors: 400 with the diagnostics at the top level, where the client reads them.
  const bad = await esc("POST", `/api/esc/environments/${org}/yaml/open`, { body: "values:\n  x: ${nope}\n" });
  expect(bad.status).toBe(400);
  expect(bad.json).toMatchObject({ code: 400, diagnostics: [expect.objectContaining({ severity: "error" })] });
  // A teammate in the same organization and an outsider both get 404 for the session.
  for (const token of [t.victim.memberPat, t.outsider.pat]) {
    const other = await esc("GET", `/api/esc/environments/${org}/yaml/open/${id}`, { headers: { authorization: `token ${token}` } });
    expect(other.status).toBe(404);
    expect(other.text).not.toContain("hello");
  }
  // An outsider cannot open a definition in the organization either.
  expect((await esc("POST", `/api/esc/environments/${org}/yaml/open`, { body: "values: {}\n", headers: { authorization: `token ${t.outsider.pat}` } })).status).toBe(404);
});

test("esc env clone: a copy that opens with the source's secrets re-sealed, history and tags when asked", async () => {
  const org = t.victim.org;
  const name = `wire-clone-${Date.now().toString(36)}`;
  // CloneEnvironment (client.go 711–718): POST …/clone with CloneEnvironmentRequest.
  const cloned = await esc("POST", `/api/esc/environments/${org}/payments/dev/clone`, { body: JSON.stringify({ project: "copies", name, preserveHistory: true, preserveRevisionTags: true }) });
  expect(cloned.status).toBe(204);
  const copy = `/api/esc/environments/${org}/copies/${name}`;
  expect((await esc("GET", `${copy}/versions`)).json.map((r: any) => r.number)).toEqual([3, 2, 1]);
  expect((await esc("GET", `${copy}/versions/tags/stable`)).json).toMatchObject({ revision: 2 });
  const source = (await esc("GET", `/api/esc/environments/${org}/payments/dev`)).text.match(/ciphertext: (\S+)/)![1];
  expect((await esc("GET", copy)).text).not.toContain(source);
  const opened = await esc("POST", `${copy}/open`);
  expect((await esc("GET", `${copy}/open/${opened.json.id}?property=password`)).json).toMatchObject({ value: "hunter22", secret: true });
  expect((await esc("POST", `/api/esc/environments/${org}/payments/dev/clone`, { body: JSON.stringify({ project: "copies", name }) })).status).toBe(409);
});

test("esc env version retract, env settings and env tag: what the esc CLI sends, and what reads see afterwards", async () => {
  const org = t.victim.org;
  const name = `wire-retract-${Date.now().toString(36)}`;
  const base = `/api/esc/environments/${org}/payments/${name}`;
  await esc("POST", `/api/esc/environments/${org}`, { body: JSON.stringify({ project: "payments", name }) });
  for (const v of ["leaked: hunter2", "fixed: yes", "more: yes"]) await esc("PATCH", base, { body: `values:\n  ${v}\n` });
  // RetractEnvironmentRevision (client.go 1463–1479): {replacement, reason}.
  expect((await esc("POST", `${base}/versions/2/retract`, { body: JSON.stringify({ replacement: 3, reason: "plaintext secret" }) })).status).toBe(204);
  const history = (await esc("GET", `${base}/versions`)).json;
  expect(history.find((r: any) => r.number === 2).retracted).toMatchObject({ replacement: 3, reason: "plaintext secret" });
  const served = await esc("GET", `${base}/versions/2`);
  expect(served.text).not.toContain("hunter2");
  expect(served.text).toContain("fixed: yes");
  // Get/PatchEnvironmentSettings (client.go 1608–1635); delete refuses while protected.
  expect((await esc("PATCH", `${base}/settings`, { body: JSON.stringify({ deletionProtected: true }) })).status).toBe(204);
  expect((await esc("GET", `${base}/settings`)).json).toEqual({ deletionProtected: true });
  const refused = await esc("DELETE", base);
  expect(refused.status).toBe(409);
  expect(refused.json.message).toContain("deletion-protected false");
  await esc("PATCH", `${base}/settings`, { body: JSON.stringify({ deletionProtected: false }) });
  // CreateEnvironmentTag / ListEnvironmentTags / UpdateEnvironmentTag (client.go 1140–1250): tags keyed by name.
  expect((await esc("POST", `${base}/tags`, { body: JSON.stringify({ name: "team", value: "payments" }) })).json).toMatchObject({ name: "team", value: "payments" });
  expect((await esc("GET", `${base}/tags?count=10`)).json).toMatchObject({ tags: { team: { value: "payments" } }, nextToken: "" });
  expect((await esc("PATCH", `${base}/tags/team`, { body: JSON.stringify({ currentTag: { value: "payments" }, newTag: { name: "owner", value: "billing" } }) })).json).toMatchObject({ name: "owner", value: "billing" });
  expect((await esc("DELETE", `${base}/tags/owner`)).status).toBe(204);
  expect((await esc("DELETE", base)).status).toBe(200);
});

test("unknown paths and methods under /api answer JSON, never HTML or a redirect", async () => {
  for (const [method, path] of [
    ["GET", "/api/esc/environments/x/y/z/hooks"],
    ["GET", "/api/preview/environments"],
    ["DELETE", "/api/esc/environments"],
  ]) {
    const res = await esc(method, path);
    expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
    expect(res.status, `${method} ${path}`).toBeLessThan(500);
    expect(res.json, `${method} ${path}`).toMatchObject({ message: expect.any(String) });
  }
});

test("ferry reads like esc: clone, env tag, settings, version tag and retract against the console", async () => {
  const { spawnSync } = await import("node:child_process");
  const { mkdtempSync } = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { ROOT } = await import("./support/paths");
  const home = mkdtempSync(path.join(os.tmpdir(), "ferry-wire-"));
  const ferry = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/bin.ts"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, HOME: home, FERRY_URL: E2E_BASE_URL, FERRY_TOKEN: t.victim.pat },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const org = t.victim.org;
  const copy = `cli-${Date.now().toString(36)}`;
  expect(ferry("env", "clone", `${org}/payments/dev`, `copies/${copy}`, "--preserve-history", "--preserve-rev-tags")).toMatchObject({
    code: 0,
    out: `Environment ${org}/payments/dev cloned into ${org}/copies/${copy}.\n`,
  });
  const ref = `${org}/copies/${copy}`;
  expect(ferry("env", "tag", ref, "team", "payments", "--utc").out).toMatch(/^Name: team\nValue: payments\nLast updated at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC by /);
  expect(ferry("env", "tag", ref, "team", "billing").out).toContain("Value: billing");
  expect(ferry("env", "tag", "mv", ref, "team", "owner").out).toContain("Name: owner");
  expect(ferry("env", "tag", "ls", ref, "--output", "json").out).toContain('"owner"');
  expect(ferry("env", "tag", "rm", ref, "owner").code).toBe(0);
  expect(ferry("env", "tag", "get", ref, "owner")).toMatchObject({ code: 1, err: expect.stringContaining('has no tag "owner"') });

  expect(ferry("env", "settings", "get", ref).out).toBe("deletion-protected false\n");
  expect(ferry("env", "settings", "set", ref, "deletion-protected", "maybe")).toMatchObject({ code: 1, err: expect.stringContaining("true or false") });
  expect(ferry("env", "settings", "set", ref, "deletion-protected", "true").code).toBe(0);
  expect(ferry("env", "settings", "get", ref, "deletion-protected").out).toBe("true\n");
  expect(ferry("env", "rm", ref, "--yes")).toMatchObject({ code: 1, err: expect.stringContaining("deletion-protected false") });

  expect(ferry("env", "version", "tag", `${ref}@wire`, "@2").code).toBe(0); // created
  expect(ferry("env", "version", "tag", `${ref}@wire`, "@1").code).toBe(0); // moved
  expect(ferry("env", "version", `${ref}@wire`).out).toMatch(/^revision 1/);
  expect(ferry("env", "version", "retract", `${ref}@1`, "--replace-with", "@2", "--reason", "leaked").code).toBe(0);
  expect(ferry("env", "version", "retract", `${ref}@1`)).toMatchObject({ code: 1, err: expect.stringContaining("already retracted") });
});

test("ferry env import copies an environment's history from an ESC API: revisions, secrets resealed, tags, retractions", async () => {
  const { spawnSync } = await import("node:child_process");
  const { mkdtempSync } = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { ROOT } = await import("./support/paths");
  const org = t.victim.org;
  // the source: this console itself, which speaks the ESC API, asked with Pulumi's `token` scheme
  const name = `hist-${Date.now().toString(36)}`;
  const src = `/api/esc/environments/${org}/payments/${name}`;
  await esc("POST", `/api/esc/environments/${org}`, { body: JSON.stringify({ project: "payments", name }) });
  for (const body of ["values:\n  a: 1\n", "values:\n  a: 2\n  pw:\n    fn::secret: s3cret-2\n", "values:\n  a: 3\n  pw:\n    fn::secret: s3cret-3\n"]) {
    expect((await esc("PATCH", src, { body })).status).toBe(200);
  }
  expect((await esc("POST", `${src}/versions/tags`, { body: JSON.stringify({ name: "stable", revision: 3 }) })).status).toBe(204);
  expect((await esc("POST", `${src}/versions/2/retract`, { body: JSON.stringify({ replacement: 3, reason: "leaked" }) })).status).toBe(204);
  expect((await esc("POST", `${src}/tags`, { body: JSON.stringify({ name: "team", value: "payments" }) })).status).toBe(200);

  const home = mkdtempSync(path.join(os.tmpdir(), "ferry-import-"));
  const ferry = (extra: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/bin.ts"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, HOME: home, FERRY_URL: E2E_BASE_URL, FERRY_TOKEN: t.victim.pat, PULUMI_ACCESS_TOKEN: "", ...extra },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const target = `${org}/imported/${name}`;
  const args = ["env", "import", target, "--env", `${org}/payments/${name}`, "--from", E2E_BASE_URL];
  // the source token comes from a variable, never a flag; a missing or wrong one is a clear refusal
  expect(ferry({}, ...args)).toMatchObject({ code: 1, err: expect.stringContaining("PULUMI_ACCESS_TOKEN is not set") });
  expect(ferry({ SRC: "fry_pat_wrong" }, ...args, "--from-token-env", "SRC")).toMatchObject({ code: 1, err: expect.stringContaining("refused the token") });
  expect(ferry({ SRC: t.victim.pat }, ...args.slice(0, 4), "--env", "not-a-full-ref", "--from-token-env", "SRC")).toMatchObject({ code: 1, err: expect.stringContaining("<org>/<project>/<env>") });

  const done = ferry({ SRC: t.victim.pat }, ...args, "--from-token-env", "SRC");
  expect(done, done.err).toMatchObject({ code: 0 });
  expect(done.out).toContain("4 revision(s), 1 retracted, 1 revision tag(s), 1 environment tag(s)");
  const dst = `/api/esc/environments/${org}/imported/${name}`;
  const history = await esc("GET", `${dst}/versions`);
  expect(history.json.map((r: any) => r.number)).toEqual([4, 3, 2, 1]);
  expect(history.json.find((r: any) => r.number === 2).retracted).toMatchObject({ replacement: 3, reason: "leaked" });
  for (const n of [1, 3, 4]) expect((await esc("GET", `${dst}/versions/${n}/decrypt`)).text).toBe((await esc("GET", `${src}/versions/${n}/decrypt`)).text);
  // secrets are sealed again, bound to the new environment: its ciphertexts are not the source's
  const [a, b] = [await esc("GET", `${src}/versions/4`), await esc("GET", `${dst}/versions/4`)];
  expect(b.text).not.toContain("s3cret-3");
  expect(b.text).not.toBe(a.text);
  expect((await esc("GET", `${dst}/versions/tags/stable`)).json).toMatchObject({ revision: 3 });
  expect((await esc("GET", `${dst}/tags`)).json.tags.team).toMatchObject({ value: "payments" });
  // never over an existing environment
  expect(ferry({ SRC: t.victim.pat }, ...args, "--from-token-env", "SRC")).toMatchObject({ code: 1, err: expect.stringContaining("already exists here") });
});
