import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CredentialsError, currentSession, readCredentials, removeAccount, removeAllAccounts, saveAccount } from "./credentials";

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

  it("falls back to PULUMI_BACKEND_URL and PULUMI_ACCESS_TOKEN only where they can be meant for Ferry", () => {
    const file = tmpFile();
    saveAccount("https://ferry.example.com", { token: "fry_pat_stored" }, file);
    // the esc CLI's pair, with a Ferry token: used, and named as the source
    expect(currentSession({ PULUMI_BACKEND_URL: "https://other.example.com/", PULUMI_ACCESS_TOKEN: "fry_pat_env" }, file)).toMatchObject({
      url: "https://other.example.com",
      token: "fry_pat_env",
      urlSource: "PULUMI_BACKEND_URL",
      tokenSource: "PULUMI_ACCESS_TOKEN",
      source: "environment",
      ignored: [],
    });
    // FERRY_* win over PULUMI_*
    expect(currentSession({ FERRY_URL: "https://f.example.com", FERRY_TOKEN: "fry_pat_f", PULUMI_BACKEND_URL: "https://p.example.com", PULUMI_ACCESS_TOKEN: "fry_pat_p" }, file)).toMatchObject({
      url: "https://f.example.com",
      token: "fry_pat_f",
      urlSource: "FERRY_URL",
      tokenSource: "FERRY_TOKEN",
    });
    // a Pulumi Cloud token is never sent to a console; the stored login is used instead
    expect(currentSession({ PULUMI_ACCESS_TOKEN: "pul-0123456789abcdef" }, file)).toMatchObject({ url: "https://ferry.example.com", token: "fry_pat_stored", tokenSource: "credentials", ignored: ["PULUMI_ACCESS_TOKEN (not a Ferry token)"] });
    // a file backend, or a service with no Ferry token for it, does not replace the login
    expect(currentSession({ PULUMI_BACKEND_URL: "file://~/.pulumi" }, file)).toMatchObject({ url: "https://ferry.example.com", token: "fry_pat_stored", ignored: ["PULUMI_BACKEND_URL (not an http(s) URL)"] });
    expect(currentSession({ PULUMI_BACKEND_URL: "https://api.pulumi.example" }, file)).toMatchObject({ url: "https://ferry.example.com", ignored: ["PULUMI_BACKEND_URL (no Ferry token for it)"] });
    // a Ferry token from FERRY_TOKEN is never paired with PULUMI_BACKEND_URL
    expect(currentSession({ FERRY_TOKEN: "fry_pat_ci", PULUMI_BACKEND_URL: "https://api.pulumi.example" }, file)).toMatchObject({ url: "https://ferry.example.com", token: "fry_pat_ci" });
    // PULUMI_BACKEND_URL naming a console `ferry login` stored: that login's token
    saveAccount("https://second.example.com", { token: "fry_pat_second" }, file);
    expect(currentSession({ PULUMI_BACKEND_URL: "https://ferry.example.com" }, file)).toMatchObject({ url: "https://ferry.example.com", token: "fry_pat_stored", urlSource: "PULUMI_BACKEND_URL", tokenSource: "credentials" });
  });

  it("logs out of every console with --all", () => {
    const file = tmpFile();
    expect(removeAllAccounts(file)).toEqual([]);
    saveAccount("https://a.example.com", { token: "fry_pat_a" }, file);
    saveAccount("https://b.example.com", { token: "fry_pat_b" }, file);
    expect(removeAllAccounts(file).sort()).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(readCredentials(file)).toEqual({ accounts: {} });
    expect(currentSession({}, file)).toMatchObject({ source: "none", url: undefined });
    expect(statSync(file).mode & 0o777).toBe(0o600);
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
