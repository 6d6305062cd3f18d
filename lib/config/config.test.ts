import { describe, expect, it } from "vitest";
import path from "node:path";
import { readConfig } from ".";

describe("configuration", () => {
  it("defaults to SQLite in ./data on port 3000", () => {
    const c = readConfig({});
    expect(c).toMatchObject({ port: 3000, url: "http://localhost:3000", dataDir: path.resolve("data"), databaseUrl: undefined, secureCookies: false, trustedProxies: 0 });
    expect(c.sqlitePath).toBe(path.resolve("data/ferry.db"));
  });

  it("derives the URL from PORT and makes cookies Secure for https", () => {
    expect(readConfig({ PORT: "4100" }).url).toBe("http://localhost:4100");
    const c = readConfig({ FERRY_URL: "https://ferry.example.com/", FERRY_DATA_DIR: "/var/lib/ferry" });
    expect(c).toMatchObject({ url: "https://ferry.example.com", secureCookies: true, dataDir: "/var/lib/ferry" });
  });

  it("reads the number of trusted proxies", () => {
    expect(readConfig({ FERRY_TRUSTED_PROXIES: "2" }).trustedProxies).toBe(2);
    expect(readConfig({ FERRY_TRUSTED_PROXIES: "" }).trustedProxies).toBe(0);
  });

  it("reads the evaluation pool's size and budget", () => {
    expect(readConfig({ FERRY_EVAL_WORKERS: "3", FERRY_EVAL_TIMEOUT: "1.5" })).toMatchObject({ evalWorkers: 3, evalTimeoutMs: 1500 });
    const d = readConfig({});
    expect(d.evalTimeoutMs).toBe(5000);
    expect(d.evalWorkers).toBeGreaterThanOrEqual(2);
  });

  it.each([
    [{ FERRY_EVAL_WORKERS: "0" }, /FERRY_EVAL_WORKERS/],
    [{ FERRY_EVAL_WORKERS: "two" }, /FERRY_EVAL_WORKERS/],
    [{ FERRY_EVAL_TIMEOUT: "0" }, /FERRY_EVAL_TIMEOUT/],
    [{ FERRY_EVAL_TIMEOUT: "5s" }, /FERRY_EVAL_TIMEOUT/],
    [{ PORT: "abc" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ FERRY_URL: "ftp://x" }, /FERRY_URL/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL/],
    [{ FERRY_TRUSTED_PROXIES: "-1" }, /FERRY_TRUSTED_PROXIES must be the number of reverse proxies/],
    [{ FERRY_TRUSTED_PROXIES: "1.5" }, /FERRY_TRUSTED_PROXIES/],
    [{ FERRY_TRUSTED_PROXIES: "yes" }, /FERRY_TRUSTED_PROXIES/],
    [{ FERRY_SIGNUP: "opne" }, /FERRY_SIGNUP must be one of open, invite, closed, got "opne"/],
    [{ FERRY_SIGNUP: "true" }, /FERRY_SIGNUP must be one of/],
    [{ FERRY_SIGNUP_DOMAINS: "corp.com;example.org" }, /FERRY_SIGNUP_DOMAINS must be a comma-separated list/],
    [{ FERRY_SIGNUP_DOMAINS: "corp.com,*.example.org" }, /"\*\.example\.org" is not one/],
    [{ FERRY_SIGNUP_DOMAINS: "localhost" }, /FERRY_SIGNUP_DOMAINS/],
  ])("refuses %j with a clear message", (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it("reads the sign-up policy: invite by default, domains lower-cased without duplicates", () => {
    expect(readConfig({}).signUp).toEqual({ policy: "invite", domains: [] });
    expect(readConfig({ FERRY_SIGNUP: " Open " }).signUp.policy).toBe("open");
    expect(readConfig({ FERRY_SIGNUP: "closed" }).signUp.policy).toBe("closed");
    expect(readConfig({ FERRY_SIGNUP_DOMAINS: " Corp.com, @example.org,corp.com ," }).signUp.domains).toEqual(["corp.com", "example.org"]);
  });
});
