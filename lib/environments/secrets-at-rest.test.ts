import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { config } from "../config";
import { makeOrg, makeUser, addMember } from "../../testing/factories";
import { createAccessToken } from "../tokens/access-tokens";
import { createRunToken } from "../runs/run-tokens";
import { redeemRunToken } from "../runs/redeem";
import { createOpenSession, readOpenSession } from "./open-sessions";
import { currentSigningKey, ensureSigningKey, rotateSigningKey } from "../oidc/signing-keys";
import { openServerData, sealedLabels } from "../crypto/server-data";
import { keyRing } from "../crypto/key-ring";
import { LocalKeyWrapper } from "../crypto/key-wrapper";
import { sessionSigningSecret } from "../crypto/instance-secrets";
import { createEnvironment, saveDefinition } from "./environments";
import { openEnvironmentAs, revealEnvironmentAs } from "./evaluate";
import { rollbackTo } from "./revisions";
import { setTag } from "./tags";

/** Every row of every table, as text (PostgreSQL), or the raw database files (SQLite). */
async function everythingStored(): Promise<Buffer> {
  if (config().databaseUrl) {
    const tables = await db().$queryRaw<{ tablename: string }[]>`SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public'`;
    const parts: string[] = [];
    for (const { tablename } of tables) {
      const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${tablename}" t`);
      parts.push(...rows.map((r) => r.row));
    }
    return Buffer.from(parts.join("\n"));
  }
  const files = [config().sqlitePath, `${config().sqlitePath}-wal`].filter(existsSync);
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

/** The ways a secret of bytes could appear in a dump: raw, base64 (both alphabets), hex. */
const encodings = (bytes: Buffer) => [bytes, Buffer.from(bytes.toString("base64")), Buffer.from(bytes.toString("base64url")), Buffer.from(bytes.toString("hex"))];

describe("secrets at rest", () => {
  it("keeps plaintext secrets out of every table, audit log included, while opening still decrypts them", async () => {
    const plaintext = `planted-${randomBytes(8).toString("hex")}`;
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "vault", yaml: `values:\n  first:\n    fn::secret: ${plaintext}-1\n` });
    await saveDefinition(owner, ref, { yaml: `values:\n  pw:\n    fn::secret: ${plaintext}\n`, message: "rotate" });
    const opened = await openEnvironmentAs(owner, ref, {}, { via: "api" });
    expect(opened.properties.pw.value).toBe(plaintext);
    const stored = await everythingStored();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.includes(Buffer.from(plaintext))).toBe(false);
  });

  it("after a realistic workload, a dump holds no plaintext secret, no key material and no session secret", async () => {
    const secrets = Array.from({ length: 4 }, (_, i) => `planted${i}-${randomBytes(8).toString("hex")}`);
    const owner = await makeUser("owner");
    const org = await makeOrg(owner);
    const teammate = await makeUser("teammate");
    await addMember(owner, org, { email: teammate.email, role: "member" });
    const base = await createEnvironment(owner, org, { name: "base", yaml: `values:\n  db:\n    fn::secret: ${secrets[0]}\n` });
    const app = await createEnvironment(owner, org, {
      project: "payments",
      name: "app",
      yaml: `imports:\n  - base\nvalues:\n  api:\n    fn::secret: ${secrets[1]}\n  environmentVariables:\n    DB: \${db}\n    API: \${api}\n`,
    });
    await saveDefinition(teammate, app, { yaml: `imports:\n  - base\nvalues:\n  api:\n    fn::secret: ${secrets[2]}\n  environmentVariables:\n    DB: \${db}\n` });
    await setTag(owner, app, { name: "stable", revision: 1 });
    await rollbackTo(owner, app, "1");
    const other = await makeUser("other");
    await createEnvironment(other, await makeOrg(other), { name: "elsewhere", yaml: `values:\n  k:\n    fn::secret: ${secrets[3]}\n` });

    const session = await createOpenSession(teammate, app, undefined, 3600, { via: "api" });
    if (!("id" in session)) throw new Error(`not opened: ${JSON.stringify(session)}`);
    expect(await readOpenSession(teammate, app, session.id, "api")).toMatchObject({ value: secrets[1] });
    expect((await revealEnvironmentAs(owner, app, { version: "2" }, { via: "console" })).properties.api.value).toBe(secrets[2]);
    const run = await createRunToken(owner, app, {});
    expect((await redeemRunToken(run.token, { address: "10.0.0.1" })).environmentVariables.DB).toMatchObject({ value: secrets[0] });
    const pat = await createAccessToken(teammate, { name: "ci" });
    await ensureSigningKey();
    await rotateSigningKey();
    const signing = await currentSigningKey();

    const stored = await everythingStored();
    const forbidden: [string, Buffer][] = [];
    for (const s of secrets) forbidden.push([`secret ${s}`, Buffer.from(s)]);
    const masterKey = keyRing().masterKey.read();
    for (const e of encodings(masterKey)) forbidden.push(["master key", e]);
    const wrapper = new LocalKeyWrapper(masterKey);
    const dataKeys = await db().dataKey.findMany();
    expect(dataKeys.map((k) => k.id).sort()).toEqual(expect.arrayContaining(["instance"]));
    expect(dataKeys.length).toBeGreaterThanOrEqual(3); // instance, and the two organizations
    for (const row of dataKeys) {
      const key = Buffer.from(await wrapper.unwrap(Buffer.from(row.wrappedKey, "base64"), row.id));
      for (const e of encodings(key)) forbidden.push([`data key ${row.id}`, e]);
    }
    forbidden.push(["session-signing secret", Buffer.from(await sessionSigningSecret())]);
    const signingRow = await db().signingKey.findUniqueOrThrow({ where: { kid: signing.kid } });
    const pkcs8 = await openServerData(signingRow.privateKeyEncrypted, { instance: true }, sealedLabels.signingKey(signing.kid), null);
    expect(pkcs8).toContain("PRIVATE KEY");
    const der = Buffer.from(pkcs8.replace(/-----[^-]+-----|\s/g, ""), "base64");
    for (const e of encodings(der)) forbidden.push(["OIDC private key", e]);
    forbidden.push(["OIDC private key (PEM line)", Buffer.from(pkcs8.split("\n")[5])]);
    forbidden.push(["personal access token", Buffer.from(pat.token)], ["run token", Buffer.from(run.token)]);

    expect(stored.length).toBeGreaterThan(0);
    const found = forbidden.filter(([, bytes]) => stored.includes(bytes)).map(([what]) => what);
    expect(found).toEqual([]);
  });
});
