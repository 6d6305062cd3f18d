import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMasterKey, open, seal } from "./master-key";
import { verifyMasterKey } from "./key-check";
import { readConfig } from "../config";
import { secretsDecrypter, secretsEncrypter } from "./secrets-cipher";

describe("master key", () => {
  it("is generated once in the data directory with mode 0600", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-key-"));
    const k1 = loadMasterKey({ dataDir }, { create: true });
    expect(statSync(path.join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    expect(loadMasterKey({ dataDir }, { create: false }).equals(k1)).toBe(true);
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

  it("seals with AES-256-GCM: fresh nonces, tamper and wrong-key detection", () => {
    const key = Buffer.alloc(32, 1);
    const a = seal(key, Buffer.from("hunter2"));
    const b = seal(key, Buffer.from("hunter2"));
    expect(a.equals(b)).toBe(false);
    expect(open(key, a).toString()).toBe("hunter2");
    const tampered = Buffer.from(a);
    tampered[20] ^= 1;
    expect(() => open(key, tampered)).toThrow(/master key|altered/);
    expect(() => open(Buffer.alloc(32, 2), a)).toThrow();
  });

  it("at start, refuses a key that does not match the database", async () => {
    const cfg = readConfig();
    await expect(verifyMasterKey(cfg)).resolves.toBeUndefined();
    await expect(verifyMasterKey(cfg, { FERRY_MASTER_KEY: "cd".repeat(32) })).rejects.toThrow(/does not match/);
    const sealed = await secretsEncrypter.encrypt(new TextEncoder().encode("s3cret"));
    expect(new TextDecoder().decode(await secretsDecrypter.decrypt(sealed))).toBe("s3cret");
  });

  it("at start, refuses to run when the key file is gone but the database has secrets", async () => {
    const cfg = readConfig();
    const moved = { ...cfg, dataDir: mkdtempSync(path.join(tmpdir(), "ferry-key-")) };
    await expect(verifyMasterKey(moved, {})).rejects.toThrow(/master key is missing/);
    writeFileSync(path.join(moved.dataDir, "master.key"), Buffer.alloc(32, 9).toString("base64"));
    await expect(verifyMasterKey(moved, {})).rejects.toThrow(/does not match/);
  });
});
