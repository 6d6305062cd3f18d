import { describe, expect, it } from "vitest";
import { escValueToJson } from "../esc";
import { db } from "../db/client";
import { makeOrg, makeUser, grantOnEnvironment, addMember } from "../../testing/factories";
import { createEnvironment, saveDefinition } from "./environments";
import { checkEnvironmentAs, openEnvironmentAs, revealEnvironmentAs } from "./evaluate";
import { readImportDefinitions } from "./imports";
import { setTag } from "./tags";

const audit = { via: "console" as const, address: "192.0.2.7", userAgent: "vitest" };
const json = (props: Record<string, unknown>, redact: boolean) =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, escValueToJson(v as never, redact)]));

async function world() {
  const owner = await makeUser("owner");
  const org = await makeOrg(owner);
  const base = await createEnvironment(owner, org, { name: "base", yaml: "values:\n  region: eu-west-1\n  dbPassword:\n    fn::secret: pa55word\n" });
  const app = await createEnvironment(owner, org, {
    project: "payments",
    name: "app",
    yaml: "imports:\n  - base\nvalues:\n  url: https://${region}.example.com\n  environmentVariables:\n    DB_PASSWORD: ${dbPassword}\n",
  });
  return { owner, org, base, app };
}

describe("server-side evaluation", () => {
  it("checks without decrypting and opens with imports resolved and secrets decrypted", async () => {
    const { owner, app } = await world();
    const checked = await checkEnvironmentAs(owner, app);
    expect(json(checked.properties, true)).toMatchObject({ url: "https://eu-west-1.example.com", dbPassword: "[secret]" });
    expect(checked.properties.dbPassword.unknown).toBe(true);

    const opened = await openEnvironmentAs(owner, app, {}, audit);
    expect(opened.diagnostics).toEqual([]);
    expect(json(opened.properties, false)).toMatchObject({ dbPassword: "pa55word", region: "eu-west-1" });
    expect(opened.environmentVariables.DB_PASSWORD).toEqual({ value: "pa55word", secret: true });
    const event = await db().auditEvent.findFirst({ where: { action: "environment.open", actorId: owner.userId }, orderBy: { createdAt: "desc" } });
    expect(event).toMatchObject({ target: app.org + "/payments/app", address: "192.0.2.7", userAgent: "vitest" });
    expect(JSON.parse(event!.detail!)).toMatchObject({ revision: 1, draft: false, via: "console" });
  });

  it("opens a draft, a tagged version, and reveals without calling providers", async () => {
    const { owner, app } = await world();
    await saveDefinition(owner, app, { yaml: "values:\n  v: two\n" });
    await setTag(owner, app, { name: "first", revision: 1 });
    expect(json((await openEnvironmentAs(owner, app, { version: "first" }, audit)).properties, false)).toMatchObject({ url: "https://eu-west-1.example.com" });
    const draft = await openEnvironmentAs(owner, app, { yaml: "values:\n  s:\n    fn::secret: drafty\n" }, audit);
    expect(draft.draft).toBe(true);
    expect(json(draft.properties, false)).toEqual({ s: "drafty" });
    const revealed = await revealEnvironmentAs(owner, app, { version: "first" }, audit);
    expect(json(revealed.properties, false)).toMatchObject({ dbPassword: "pa55word" });
    await expect(openEnvironmentAs(owner, app, { version: "missing" }, audit)).rejects.toMatchObject({ code: "not_found" });
  });

  it("needs the open right on the environment and on every environment it imports", async () => {
    const { owner, org, base, app } = await world();
    const reader = await makeUser("reader");
    await addMember(owner, org, { email: reader.email, role: "member" });
    const envId = async (ref: typeof base) =>
      (await db().environment.findFirstOrThrow({ where: { project: ref.project, name: ref.name, organization: { name: org } } })).id;
    await grantOnEnvironment(await envId(app), reader.userId, "reader");
    await expect(openEnvironmentAs(reader, app, {}, audit)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revealEnvironmentAs(reader, app, {}, audit)).rejects.toMatchObject({ code: "forbidden" });
    expect(json((await checkEnvironmentAs(reader, app)).properties, true)).toMatchObject({ dbPassword: "[secret]" });

    // Opener on the app but only reader on the imported base: the import is refused.
    await grantOnEnvironment(await envId(app), reader.userId, "opener");
    await grantOnEnvironment(await envId(base), reader.userId, "reader");
    const opened = await openEnvironmentAs(reader, app, {}, audit);
    expect(opened.diagnostics.map((d) => d.summary)).toContain('you do not have permission to open environment "base", which this environment imports');
    expect(JSON.stringify(opened.properties)).not.toContain("pa55word");
  });

  it("hands import definitions to the browser as stored, ciphertext and all, only within the org", async () => {
    const { owner, org } = await world();
    const defs = await readImportDefinitions(owner, org, ["base", "default/base@1", "nope", 42]);
    expect(Object.keys(defs).sort()).toEqual(["base", "default/base@1", "nope"]);
    expect((defs.base as { text: string }).text).toContain("ciphertext:");
    expect((defs.base as { text: string }).text).not.toContain("pa55word");
    expect(defs.nope).toEqual({ error: 'environment "nope" not found' });
    const outsider = await makeUser("outsider");
    await expect(readImportDefinitions(outsider, org, ["base"])).rejects.toMatchObject({ code: "not_found" });
  });
});
