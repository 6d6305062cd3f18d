// ESC's anonymous open (`POST /{org}/yaml/open`, `GET /{org}/yaml/open/{id}`): a definition that
// belongs to no environment, opened in an organization and kept for its opener only.
import { describe, expect, it } from "vitest";
import { addMember, grantOnEnvironment, makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment } from "../environments/environments";
import { createAccessToken } from "../tokens/access-tokens";
import { createAnonymousOpenSession, createOpenSession, readAnonymousOpenSession } from "../environments/open-sessions";
import { POST as openYaml } from "../../app/api/esc/environments/[org]/yaml/open/route";
import { GET as readYaml } from "../../app/api/esc/environments/[org]/yaml/open/[session]/route";

const IMPORTED = "values:\n  db:\n    password:\n      fn::secret: hunter22\n    user: app\n";

async function world() {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const ref = await createEnvironment(owner, org, { project: "shared", name: "db", yaml: IMPORTED });
  return { owner, org, ref };
}

const opened = (r: Awaited<ReturnType<typeof createAnonymousOpenSession>>) => {
  if (!("id" in r)) throw new Error(`not opened: ${JSON.stringify(r)}`);
  return r.id;
};

describe("anonymous open", () => {
  it("opens a definition with imports, keeps the values sealed, and serves them and one property to the opener", async () => {
    const { owner, org } = await world();
    const id = opened(await createAnonymousOpenSession(owner, org, "imports: [shared/db]\nvalues:\n  url: postgres://${db.user}:${db.password}@h\n", 600, { via: "api" }));
    const row = await db().openSession.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ environmentId: null, userId: owner.userId });
    expect(row.valuesEncrypted).not.toContain("hunter22");
    const all = (await readAnonymousOpenSession(owner, org, id)) as { properties: Record<string, { value?: unknown; secret?: boolean }> };
    expect(all.properties.url).toMatchObject({ value: "postgres://app:hunter22@h", secret: true });
    expect(await readAnonymousOpenSession(owner, org, id, "db.user")).toMatchObject({ value: "app" });
    await expect(readAnonymousOpenSession(owner, org, id, "db.nope")).rejects.toMatchObject({ code: "not_found" });
    expect(await db().auditEvent.count({ where: { action: "environment.open", target: "<yaml>", actorId: owner.userId } })).toBe(1);
  });

  it("is the opener's alone: another member, a stranger, another organization and an expired session read 404", async () => {
    const { owner, org } = await world();
    const id = opened(await createAnonymousOpenSession(owner, org, "values:\n  a: 1\n", 600, { via: "api" }));
    const member = await makeUser("member");
    await addMember(owner, org, { email: member.email, role: "member" });
    await expect(readAnonymousOpenSession(member, org, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(readAnonymousOpenSession(await makeUser("stranger"), org, id)).rejects.toMatchObject({ code: "not_found" });
    const otherOrg = await makeOrg(owner, "other");
    await expect(readAnonymousOpenSession(owner, otherOrg, id)).rejects.toMatchObject({ code: "not_found" });
    // nor is an environment's open session readable through this address
    const envSession = opened(await createOpenSession(owner, { org, project: "shared", name: "db" }, undefined, 600, { via: "api" }));
    await expect(readAnonymousOpenSession(owner, org, envSession)).rejects.toMatchObject({ code: "not_found" });
    await db().openSession.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(readAnonymousOpenSession(owner, org, id)).rejects.toMatchObject({ message: expect.stringContaining("expired") });
    await expect(createAnonymousOpenSession(await makeUser("stranger"), org, "values: {}\n", 600, { via: "api" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("needs the open right on every import: a reader gets a diagnostic, nothing is kept", async () => {
    const { owner, org, ref } = await world();
    const reader = await makeUser("reader");
    await addMember(owner, org, { email: reader.email, role: "member" });
    const orgRow = await db().organization.update({ where: { name: org }, data: { defaultPermission: "none" } });
    const env = await db().environment.findFirstOrThrow({ where: { organizationId: orgRow.id, project: ref.project, name: ref.name } });
    await grantOnEnvironment(env.id, reader.userId, "read");
    const r = await createAnonymousOpenSession(reader, org, "imports: [shared/db]\n", 600, { via: "api" });
    expect(r).toMatchObject({ errors: [expect.objectContaining({ severity: "error", summary: expect.stringContaining("permission to open") })] });
    expect(await db().openSession.count({ where: { userId: reader.userId } })).toBe(0);
  });

  it("calls no provider and cannot decrypt ciphertexts: both are errors, not values", async () => {
    const { owner, org } = await world();
    const provider = await createAnonymousOpenSession(owner, org, "values:\n  aws:\n    fn::open::aws-login:\n      static:\n        accessKeyId: AKIA\n        secretAccessKey: s\n", 600, { via: "api" });
    expect(provider).toMatchObject({ errors: [expect.objectContaining({ summary: expect.stringContaining("outside an environment") })] });
    const stored = (await db().revision.findFirstOrThrow({ where: { environment: { organizationId: (await db().organization.findUniqueOrThrow({ where: { name: org } })).id } }, orderBy: { number: "desc" } })).yaml;
    const ciphertext = /ciphertext: (\S+)/.exec(stored)?.[1];
    expect(ciphertext).toBeTruthy();
    const copied = await createAnonymousOpenSession(owner, org, `values:\n  pw:\n    fn::secret:\n      ciphertext: ${ciphertext}\n`, 600, { via: "api" });
    expect(copied).toMatchObject({ errors: [expect.objectContaining({ severity: "error" })] });
  });
});

describe("anonymous open over HTTP", () => {
  it("answers {id} and the values, 400 {code, message, diagnostics} on errors, 404 for someone else", async () => {
    const { owner, org } = await world();
    const { token } = await createAccessToken(owner, { name: "t" });
    const post = (body: string, q = "") =>
      openYaml(new Request(`http://x/api/esc/environments/${org}/yaml/open${q}`, { method: "POST", body, headers: { authorization: `token ${token}`, "content-type": "application/x-yaml" } }), { params: Promise.resolve({ org }) });
    // the Go client sends time.Duration.String()
    const ok = await post("imports: [shared/db]\n", "?duration=2h0m0s");
    expect(ok.status).toBe(200);
    const { id } = (await ok.json()) as { id: string };
    const get = async (tok: string, q = "") => readYaml(new Request(`http://x/api/esc/environments/${org}/yaml/open/${id}${q}`, { headers: { authorization: `token ${tok}` } }), { params: Promise.resolve({ org, session: id }) });
    const env = await get(token);
    expect(env.status).toBe(200);
    expect(await env.json()).toMatchObject({ properties: { db: { value: { password: { value: "hunter22", secret: true } } } } });
    expect(await (await get(token, "?property=db.user")).json()).toMatchObject({ value: "app" });
    const other = await makeUser("other");
    const otherToken = (await createAccessToken(other, { name: "t" })).token;
    const theirs = await get(otherToken);
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(await theirs.json())).not.toContain("hunter22");

    const bad = await post("values:\n  a: ${nope}\n");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 400, message: expect.any(String), diagnostics: [expect.objectContaining({ severity: "error" })] });
    expect((await post("values: {}\n", "?duration=forever")).status).toBe(400);
  });
});
