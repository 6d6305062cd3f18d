// A deployment as the release before the key hierarchy left it: every secret sealed directly
// under the master key in format 1, the way that release's lib/crypto/master-key.ts `seal` did
// (written out again here, so the test does not lean on the code it checks), the session-signing
// secret in plaintext, and the master-key check row.
import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { exportPKCS8, generateKeyPair } from "jose";
import type { Db } from "../lib/db/client";
import { Prisma } from "../lib/db/generated/sqlite/client";
import { sealEnvelope } from "../lib/esc";

/** Format 1: 0x01 ‖ 12-byte nonce ‖ AES-256-GCM ciphertext ‖ 16-byte tag. */
export function sealV1(key: Buffer, plaintext: string, aad = "ferry-secret-v1"): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), nonce, body, cipher.getAuthTag()]);
}

export const v1Secret = (key: Buffer, plaintext: string) => `fn::secret:\n      ciphertext: ${sealEnvelope(sealV1(key, plaintext))}`;

export interface LegacyWorld {
  ownerId: string;
  org: string;
  /** every revision and the plaintexts it must open to, by property */
  revisions: { project: string; name: string; number: number; values: Record<string, string> }[];
  openSession: { id: string; project: string; name: string; value: string };
  sessionSecret: string;
  signingKid: string;
  /** a revision holding a format-1 ciphertext made with some other key (it never opened here) */
  foreign: { project: string; name: string; number: number };
}

async function insertRow(db: Db, table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row);
  await db.$executeRaw(Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(columns.map((c) => `"${c}"`).join(", "))}) VALUES (${Prisma.join(columns.map((c) => row[c]))})`);
}

export async function populateLegacy(db: Db, masterKey: Buffer): Promise<LegacyWorld> {
  const tag = randomBytes(3).toString("hex");
  const owner = { id: randomUUID(), email: `legacy-${tag}@example.com`, passwordHash: "scrypt$unused" };
  await insertRow(db, "User", owner);
  // Every row is written with the columns the 0003 schema has: today's client would also send
  // (and read back) columns later migrations added, which the older database does not have yet.
  const org = { id: randomUUID(), name: `legacy-${tag}` };
  await insertRow(db, "Organization", org);
  await insertRow(db, "Membership", { id: randomUUID(), organizationId: org.id, userId: owner.id, role: "admin" });
  const revisions: LegacyWorld["revisions"] = [];
  const env = async (project: string, name: string, defs: { yaml: (s: (p: string) => string) => string; values: Record<string, string> }[]) => {
    const row = { id: randomUUID(), organizationId: org.id, project, name, headRevision: defs.length, updatedAt: new Date() };
    await insertRow(db, "Environment", row);
    for (const [i, d] of defs.entries()) {
      await insertRow(db, "Revision", { id: randomUUID(), environmentId: row.id, number: i + 1, authorId: owner.id, yaml: d.yaml((p) => v1Secret(masterKey, p)) });
      revisions.push({ project, name, number: i + 1, values: d.values });
    }
    return row;
  };
  const base = await env("default", "base", [
    { yaml: (s) => `values:\n  # the database\n  db:\n    ${s("base-db-1")}\n`, values: { db: "base-db-1" } },
    { yaml: (s) => `values:\n  db:\n    ${s("base-db-2")}\n  other:\n    ${s("base-other-2")}\n  plain: visible\n`, values: { db: "base-db-2", other: "base-other-2" } },
  ]);
  await env("payments", "app", [
    { yaml: () => `values:\n  greeting: hello\n`, values: {} },
    { yaml: (s) => `imports:\n  - base\nvalues:\n  api:\n    ${s("app-api-2")}\n`, values: { api: "app-api-2", db: "base-db-2", other: "base-other-2" } },
  ]);
  const foreignKey = randomBytes(32);
  await env("default", "foreign", [{ yaml: () => `values:\n  lost:\n    ${v1Secret(foreignKey, "never-here")}\n`, values: {} }]);

  const session = { id: randomUUID() };
  await insertRow(db, "OpenSession", {
      id: session.id,
      environmentId: base.id,
      revision: 2,
      userId: owner.id,
      valuesEncrypted: sealV1(masterKey, JSON.stringify({ properties: { db: { value: "base-db-2", secret: true } } }), "ferry-open-session").toString("base64"),
      expiresAt: new Date(Date.now() + 3600_000),
  });
  await insertRow(db, "OpenSession", { id: randomUUID(), environmentId: base.id, revision: 1, userId: owner.id, valuesEncrypted: sealV1(masterKey, "{}", "ferry-open-session").toString("base64"), expiresAt: new Date(Date.now() - 1000) });
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const signingKid = `legacy-kid-${tag}`;
  await insertRow(db, "SigningKey", { id: randomUUID(), kid: signingKid, publicJwk: "{}", privateKeyEncrypted: sealV1(masterKey, await exportPKCS8(privateKey), "ferry-oidc-signing-key").toString("base64") });
  const sessionSecret = randomBytes(32).toString("base64url");
  await insertRow(db, "InstanceSecret", { name: "session-signing", value: sessionSecret });
  await insertRow(db, "InstanceSecret", { name: "master-key-check", value: sealV1(masterKey, "ferry master key check").toString("base64") });
  return {
    ownerId: owner.id,
    org: org.name,
    revisions,
    openSession: { id: session.id, project: "default", name: "base", value: "base-db-2" },
    sessionSecret,
    signingKid,
    foreign: { project: "default", name: "foreign", number: 1 },
  };
}
