import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CredentialsError, currentSession, readCredentials, removeAccount, saveAccount } from "./credentials";

const tmpFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), "ferry-cred-")), ".ferry", "credentials.json");

describe("credentials file", () => {
  it("is created 0600 in a 0700 directory and remembers the current console", () => {
    const file = tmpFile();
    saveAccount("https://ferry.example.com/", { token: "fry_pat_a", user: "me@example.com" }, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readCredentials(file)).toEqual({ current: "https://ferry.example.com", accounts: { "https://ferry.example.com": { token: "fry_pat_a", user: "me@example.com" } } });
    expect(currentSession({}, file)).toMatchObject({ url: "https://ferry.example.com", token: "fry_pat_a", source: "credentials" });
  });

  it("lets FERRY_URL and FERRY_TOKEN override it", () => {
    const file = tmpFile();
    saveAccount("https://a.example.com", { token: "fry_pat_a" }, file);
    saveAccount("https://b.example.com", { token: "fry_pat_b" }, file);
    expect(currentSession({}, file)).toMatchObject({ url: "https://b.example.com", token: "fry_pat_b" });
    expect(currentSession({ FERRY_URL: "https://a.example.com/" }, file)).toMatchObject({ url: "https://a.example.com", token: "fry_pat_a" });
    expect(currentSession({ FERRY_URL: "https://ci.example.com", FERRY_TOKEN: "fry_pat_ci" }, file)).toMatchObject({ url: "https://ci.example.com", token: "fry_pat_ci", source: "environment" });
    expect(currentSession({ FERRY_URL: "https://unknown.example.com" }, file)).toMatchObject({ url: "https://unknown.example.com", source: "none" });
  });

  it("logs out of one console and falls back to another", () => {
    const file = tmpFile();
    saveAccount("https://a.example.com", { token: "fry_pat_a" }, file);
    saveAccount("https://b.example.com", { token: "fry_pat_b" }, file);
    expect(removeAccount(undefined, file)).toBe("https://b.example.com");
    expect(readCredentials(file).current).toBe("https://a.example.com");
    expect(removeAccount("https://nope.example.com", file)).toBeUndefined();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("reads a missing file as empty and refuses a corrupt one clearly", () => {
    const file = tmpFile();
    expect(readCredentials(file)).toEqual({ accounts: {} });
    saveAccount("https://a.example.com", { token: "x" }, file);
    writeFileSync(file, "{not json");
    expect(() => readCredentials(file)).toThrow(CredentialsError);
    expect(() => readCredentials(file)).toThrow(/not valid JSON/);
    writeFileSync(file, "[]");
    expect(() => readCredentials(file)).toThrow(/not a Ferry credentials file/);
    expect(readFileSync(file, "utf8")).toBe("[]");
  });
});
