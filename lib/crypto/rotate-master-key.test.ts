import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { config } from "../config";
import { createEnvironment, saveDefinition } from "../environments/environments";
import { revealEnvironmentAs } from "../environments/evaluate";
import type { EnvironmentRef } from "../environments/schema";
import { ensureSigningKey, currentSigningKey } from "../oidc/signing-keys";
import { sessionSigningSecret } from "./instance-secrets";
import { KeyRing, keyRing } from "./key-ring";
import { prepareKeys } from "./key-setup";
import { LocalKeyWrapper } from "./key-wrapper";
import { masterKeyId, masterKeySource, rotatedKeyFile } from "./master-key";
import { rotateMasterKey } from "./rotate-master-key";
import { decrypterFor, encrypterFor } from "./secrets-cipher";

const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const audit = { via: "console" as const };
/** An instance that got its key from FERRY_MASTER_KEY: it cannot re-read it. */
const envRing = (key: Buffer) => new KeyRing({ masterKey: masterKeySource({ masterKey: key.toString("hex"), dataDir: config().dataDir }) });

interface Expected {
  owner: { userId: string };
  ref: EnvironmentRef;
  revision: number;
  value: string;
}

/** Two organizations, two environments each, a different secret in every revision. */
async function world(): Promise<Expected[]> {
  const expected: Expected[] = [];
  for (let o = 0; o < 2; o++) {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    for (const name of ["dev", "prod"]) {
      const values = [1, 2].map((n) => `${org}-${name}-${n}-${randomBytes(4).toString("hex")}`);
      const ref = await createEnvironment(owner, org, { name, yaml: `values:\n  pw:\n    fn::secret: ${values[0]}\n` });
      await saveDefinition(owner, ref, { yaml: `values:\n  pw:\n    fn::secret: ${values[1]}\n` });
      values.forEach((value, i) => expected.push({ owner, ref, revision: i + 1, value }));
    }
  }
  return expected;
}

async function everyRevisionOpens(expected: Expected[]) {
  for (const e of expected) {
    const revealed = await revealEnvironmentAs(e.owner, e.ref, { version: String(e.revision) }, audit);
    expect(revealed.diagnostics).toEqual([]);
    expect(revealed.properties.pw.value).toBe(e.value);
  }
}

describe("master-key rotation", () => {
  it("re-wraps only the data keys, in another process; the old key opens nothing, every revision still opens", async () => {
    const expected = await world();
    await ensureSigningKey();
    const session = await sessionSigningSecret();
    const oldKey = keyRing().masterKey.read();
    const revisionsBefore = await db().revision.findMany({ select: { id: true, yaml: true }, orderBy: { id: "asc" } });
    // A second instance with the key in its environment, its cache warm.
    const stale = envRing(oldKey);
    const prodRow = await db().environment.findFirstOrThrow({ where: { name: "prod", organization: { name: expected[0].ref.org } } });
    const binding = { id: prodRow.id, organizationId: prodRow.organizationId };
    const sealed = await (await encrypterFor(binding, stale)).encrypt(Buffer.from("warm"));

    const { stdout } = await run(process.execPath, ["--import", "tsx", path.join(root, "scripts/admin.ts"), "rotate-master-key"], { cwd: root, env: process.env });
    const newKey = readFileSync(path.join(config().dataDir, "master.key"), "utf8");
    const newId = masterKeyId(Buffer.from(newKey.trim(), "base64"));
    expect(stdout).toContain(`The master key is now local:${newId} (was local:${masterKeyId(oldKey)})`);
    expect(stdout).toContain(`Keep this key: ${path.join(config().dataDir, "master.key")}`);
    const dataKeys = await db().dataKey.findMany();
    expect(stdout).toContain(`Re-wrapped ${dataKeys.length} data keys`);
    expect(dataKeys.every((k) => k.wrappedBy === `local:${newId}`)).toBe(true);

    // Nothing but the data keys changed.
    expect(await db().revision.findMany({ select: { id: true, yaml: true }, orderBy: { id: "asc" } })).toEqual(revisionsBefore);
    // This process reads its key from the data directory: it picks the new key up by itself.
    await everyRevisionOpens(expected);
    expect(await sessionSigningSecret()).toBe(session);
    await expect(currentSigningKey()).resolves.toMatchObject({ kid: expect.any(String) });

    // The old key opens nothing: no data key unwraps with it, and it cannot start an instance.
    const oldWrapper = new LocalKeyWrapper(oldKey);
    for (const k of dataKeys) await expect(oldWrapper.unwrap(Buffer.from(k.wrappedKey, "base64"), k.id)).rejects.toThrow();
    await expect(prepareKeys(envRing(oldKey))).rejects.toThrow(new RegExp(`does not match.*local:${newId}`));
    // An instance still holding it fails closed, saying why, instead of using what it cached...
    await expect(decrypterFor(binding, stale).decrypt(sealed)).rejects.toThrow(/master key was changed.*restart/);
    // ...and cannot store a new data key wrapped by the retired key.
    const late = await makeOrg(await makeUser());
    const lateOrg = await db().organization.findUniqueOrThrow({ where: { name: late } });
    await expect(encrypterFor({ id: "env", organizationId: lateOrg.id }, stale)).rejects.toThrow(/master key was changed/);
    expect(await db().dataKey.findUnique({ where: { id: `org:${lateOrg.id}` } })).toBeNull();
  });

  it("with a key from a file for FERRY_MASTER_KEY deployments; one of two concurrent rotations wins", async () => {
    const expected = await world();
    const current = keyRing().masterKey.read();
    const dir = mkdtempSync(path.join(tmpdir(), "ferry-newkey-"));
    const files = [0, 1].map((i) => {
      const f = path.join(dir, `new-${i}.key`);
      writeFileSync(f, randomBytes(32).toString("hex"), { mode: 0o600 });
      return f;
    });
    const results = await Promise.allSettled(files.map((f) => rotateMasterKey({ dataDir: config().dataDir, newKeyFile: f }, envRing(current))));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.message).toMatch(/Another rotation|changed/);
    const result = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof rotateMasterKey>>>).value;
    expect(result.replacedMasterKeyFile).toBe(false);
    expect(files).toContain(result.keyFile);

    // master.key is now stale: this process, which reads it, fails closed with a clear message...
    await expect(revealEnvironmentAs(expected[0].owner, expected[0].ref, {}, audit)).resolves.toMatchObject({
      diagnostics: [expect.objectContaining({ summary: expect.stringMatching(/^decrypting: The master key was changed/) })],
    });
    await expect(prepareKeys()).rejects.toThrow(/does not match/);
    // ...until the operator puts the new key in place: no restart needed.
    writeFileSync(path.join(config().dataDir, "master.key"), readFileSync(result.keyFile));
    await everyRevisionOpens(expected);
  });

  it("a rotation interrupted between the commit and the key file's replacement is finished at the next start", async () => {
    const expected = await world();
    const current = keyRing().masterKey.read();
    // The env-sourced rotation stages the generated key as master.key.<id> and stops there, which
    // is exactly what a crash after the commit leaves behind for a file-sourced one.
    const result = await rotateMasterKey({ dataDir: config().dataDir }, envRing(current));
    const staged = rotatedKeyFile(config().dataDir, result.newId.replace("local:", ""));
    expect(result.keyFile).toBe(staged);
    expect(existsSync(staged)).toBe(true);
    const notes = await prepareKeys();
    expect(notes).toEqual([expect.stringContaining("finished an interrupted master-key rotation")]);
    expect(existsSync(staged)).toBe(false);
    expect(masterKeyId(keyRing().masterKey.read())).toBe(result.newId.replace("local:", ""));
    await everyRevisionOpens(expected);
  });
});
