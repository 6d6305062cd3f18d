import { describe, expect, it } from "vitest";
import path from "node:path";
import { readConfig } from ".";

describe("configuration", () => {
  it("defaults to SQLite in ./data on port 3000", () => {
    const c = readConfig({});
    expect(c).toMatchObject({ port: 3000, url: "http://localhost:3000", dataDir: path.resolve("data"), databaseUrl: undefined, secureCookies: false });
    expect(c.sqlitePath).toBe(path.resolve("data/ferry.db"));
  });

  it("derives the URL from PORT and makes cookies Secure for https", () => {
    expect(readConfig({ PORT: "4100" }).url).toBe("http://localhost:4100");
    const c = readConfig({ FERRY_URL: "https://ferry.example.com/", FERRY_DATA_DIR: "/var/lib/ferry" });
    expect(c).toMatchObject({ url: "https://ferry.example.com", secureCookies: true, dataDir: "/var/lib/ferry" });
  });

  it.each([
    [{ PORT: "abc" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ FERRY_URL: "ftp://x" }, /FERRY_URL/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL/],
  ])("refuses %j with a clear message", (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
