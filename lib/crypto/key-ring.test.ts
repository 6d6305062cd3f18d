import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { config } from "../config";
import { isInvalidCiphertext } from "../esc";
import { KeyRing, keyRing, organizationKeyId } from "./key-ring";
import { LocalKeyWrapper } from "./key-wrapper";
import { masterKeySource } from "./master-key";
import { rotateMasterKey } from "./rotate-master-key";
import { decrypterFor, encrypterFor } from "./secrets-cipher";

const envRing = (key: Buffer) => new KeyRing({ masterKey: masterKeySource({ masterKey: key.toString("hex"), dataDir: config().dataDir }) });

async function newOrganizationId(): Promise<string> {
  const name = await makeOrg(await makeUser());
  return (await db().organization.findUniqueOrThrow({ where: { name } })).id;
}

describe("the key ring", () => {
  it("stores data keys only wrapped, each bound to its own id", async () => {
    const organizationId = await newOrganizationId();
    const key = (await keyRing().dataKey({ organizationId }, { create: true }))!;
    const row = await db().dataKey.findUniqueOrThrow({ where: { id: organizationKeyId(organizationId) } });
    expect(row.organizationId).toBe(organizationId);
    const wrapped = Buffer.from(row.wrappedKey, "base64");
    expect(wrapped.includes(key)).toBe(false);
    const wrapper = new LocalKeyWrapper(keyRing().masterKey.read());
    expect(Buffer.from(await wrapper.unwrap(wrapped, row.id)).equals(key)).toBe(true);
    // Copying one organization's wrapped key into another's row does not hand it over.
    await expect(wrapper.unwrap(wrapped, organizationKeyId(await newOrganizationId()))).rejects.toThrow(/not wrapped/);
    // The organization's key goes with the organization.
    await db().organization.delete({ where: { id: organizationId } });
    expect(await db().dataKey.findUnique({ where: { id: row.id } })).toBeNull();
  });

  it("gives instances that make the same data key at once one key", async () => {
    const organizationId = await newOrganizationId();
    const master = keyRing().masterKey.read();
    const keys = await Promise.all(Array.from({ length: 5 }, () => envRing(master).dataKey({ organizationId }, { create: true })));
    expect(new Set(keys.map((k) => k!.toString("hex"))).size).toBe(1);
    expect(await db().dataKey.count({ where: { organizationId } })).toBe(1);
  });

  it("never leaves a data key wrapped by a retired master key when one is made during a rotation", async () => {
    const master = keyRing().masterKey.read();
    const orgs = await Promise.all(Array.from({ length: 6 }, () => newOrganizationId()));
    const dir = mkdtempSync(path.join(tmpdir(), "ferry-newkey-"));
    const file = path.join(dir, "new.key");
    const newKey = randomBytes(32);
    writeFileSync(file, newKey.toString("base64"));
    const made = orgs.map((organizationId) => envRing(master).dataKey({ organizationId }, { create: true }));
    const rotation = rotateMasterKey({ dataDir: config().dataDir, newKeyFile: file }, envRing(master));
    const outcomes = await Promise.allSettled([...made, rotation]);
    expect(outcomes.at(-1)!.status).toBe("fulfilled");
    for (const o of outcomes.slice(0, -1)) {
      if (o.status === "rejected") expect(o.reason.message).toMatch(/master key was changed/);
    }
    const newWrapper = new LocalKeyWrapper(newKey);
    for (const row of await db().dataKey.findMany()) {
      expect(row.wrappedBy).toBe(newWrapper.id);
      await expect(newWrapper.unwrap(Buffer.from(row.wrappedKey, "base64"), row.id)).resolves.toHaveLength(32);
    }
    // Put the key where this process reads it, for the tests after this one.
    writeFileSync(path.join(config().dataDir, "master.key"), newKey.toString("base64"));
  });

  it("decrypts nothing without an environment, and only its own environment's ciphertexts with one", async () => {
    const organizationId = await newOrganizationId();
    const sealed = await (await encrypterFor({ id: "env-a", organizationId })).encrypt(Buffer.from("s3cret"));
    expect(Buffer.from(await decrypterFor({ id: "env-a", organizationId }).decrypt(sealed)).toString()).toBe("s3cret");
    for (const d of [decrypterFor(null), decrypterFor({ id: "env-b", organizationId }), decrypterFor({ id: "env-a", organizationId: await newOrganizationId() })]) {
      const refused = await Promise.resolve(d.decrypt(sealed)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isInvalidCiphertext(refused)).toBe(true);
    }
  });
});
