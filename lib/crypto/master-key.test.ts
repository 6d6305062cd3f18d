import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadMasterKey, masterKeyId, masterKeySource } from "./master-key";
import { openAead, sealAead } from "./aead";
import { prepareKeys } from "./key-setup";
import { KeyRing, keyRing } from "./key-ring";
import { config } from "../config";

const ringWith = (src: { masterKey?: string; dataDir: string }) => new KeyRing({ masterKey: masterKeySource(src) });

describe("master key", () => {
  it("is generated once in the data directory with mode 0600", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-key-"));
    const k1 = loadMasterKey({ dataDir }, { create: true });
    expect(statSync(path.join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    expect(loadMasterKey({ dataDir }, { create: false }).equals(k1)).toBe(true);
    expect(loadMasterKey({ dataDir }, { create: true }).equals(k1)).toBe(true);
  });

  it("refuses to invent a key when one is expected", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-key-"));
    expect(() => loadMasterKey({ dataDir }, { create: false })).toThrow(/master key is missing/);
  });

  it("accepts FERRY_MASTER_KEY as hex or base64 and rejects other lengths", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-key-"));
    const hex = "ab".repeat(32);
    expect(loadMasterKey({ masterKey: hex, dataDir }, { create: false }).toString("hex")).toBe(hex);
    expect(loadMasterKey({ masterKey: Buffer.alloc(32, 7).toString("base64"), dataDir }, { create: false })).toEqual(Buffer.alloc(32, 7));
    expect(() => loadMasterKey({ masterKey: "short", dataDir }, { create: false })).toThrow(/32 bytes/);
  });

  it("has a public id that is stable, differs per key and reveals no key bytes", () => {
    const key = randomBytes(32);
    expect(masterKeyId(key)).toMatch(/^mk_[0-9a-f]{16}$/);
    expect(masterKeyId(Buffer.from(key))).toBe(masterKeyId(key));
    expect(masterKeyId(randomBytes(32))).not.toBe(masterKeyId(key));
    expect(key.toString("hex")).not.toContain(masterKeyId(key).slice(3));
  });

  it("seals with AES-256-GCM: fresh nonces, and tampering, another key or other associated data are detected", () => {
    const key = Buffer.alloc(32, 1);
    const aad = Buffer.from("context");
    const a = sealAead(key, 2, Buffer.from("hunter2"), aad);
    const b = sealAead(key, 2, Buffer.from("hunter2"), aad);
    expect(a.equals(b)).toBe(false);
    expect(openAead(key, 2, a, aad).toString()).toBe("hunter2");
    const tampered = Buffer.from(a);
    tampered[20] ^= 1;
    expect(() => openAead(key, 2, tampered, aad)).toThrow(/authentication/);
    expect(() => openAead(Buffer.alloc(32, 2), 2, a, aad)).toThrow(/authentication/);
    expect(() => openAead(key, 2, a, Buffer.from("other"))).toThrow(/authentication/);
    expect(() => openAead(key, 1, a, aad)).toThrow(/format/);
    expect(() => openAead(key, 2, a.subarray(0, 20), aad)).toThrow(/too short/);
  });

  it("at start, refuses a key that does not match the database, naming both keys", async () => {
    await expect(prepareKeys()).resolves.toEqual([]);
    const wrong = "cd".repeat(32);
    const mine = masterKeyId(Buffer.from(wrong, "hex"));
    const theirs = masterKeyId(keyRing().masterKey.read());
    const attempt = prepareKeys(ringWith({ masterKey: wrong, dataDir: config().dataDir }));
    await expect(attempt).rejects.toThrow(/does not match/);
    await expect(prepareKeys(ringWith({ masterKey: wrong, dataDir: config().dataDir }))).rejects.toThrow(new RegExp(`${mine}.*FERRY_MASTER_KEY.*${theirs}`));
  });

  it("at start, refuses to run when the key file is gone but the database has secrets, and never overwrites one", async () => {
    const moved = mkdtempSync(path.join(tmpdir(), "ferry-key-"));
    await expect(prepareKeys(ringWith({ dataDir: moved }))).rejects.toThrow(/master key is missing/);
    writeFileSync(path.join(moved, "master.key"), Buffer.alloc(32, 9).toString("base64"));
    await expect(prepareKeys(ringWith({ dataDir: moved }))).rejects.toThrow(/does not match/);
    expect(readFileSync(path.join(moved, "master.key"), "utf8").trim()).toBe(Buffer.alloc(32, 9).toString("base64"));
  });
});
