import { describe, expect, it } from "vitest";
import { isPrefetch, orgToRemember } from "./last-org";

describe("orgToRemember", () => {
  it.each([
    ["GET", "/acme", undefined, "acme"],
    ["GET", "/acme/payments/dev/settings", "other", "acme"],
    ["GET", "/acme/payments", "acme", undefined], // already remembered: no Set-Cookie on every request
    ["POST", "/acme", undefined, undefined],
    ["GET", "/account/tokens", undefined, undefined],
    ["GET", "/api/esc/environments", undefined, undefined],
    ["GET", "/_next/data/x", undefined, undefined],
    ["GET", "/", undefined, undefined],
    ["GET", "/%2e%2e", undefined, undefined],
    ["GET", `/${"a".repeat(41)}`, undefined, undefined],
  ])("%s %s (remembered %s) → %s", (method, path, remembered, expected) => {
    expect(orgToRemember(method, path, remembered)).toBe(expected);
  });
});

describe("prefetches are not visits", () => {
  it("remembers nothing for a prefetch", () => {
    expect(orgToRemember("GET", "/acme", "other", true)).toBeUndefined();
  });
  it.each([
    [{ "next-router-prefetch": "1" }, true],
    [{ "sec-purpose": "prefetch;prerender" }, true],
    [{ purpose: "prefetch" }, true],
    [{ rsc: "1" }, false],
    [{}, false],
  ])("%j → %s", (headers, expected) => {
    const h = headers as Record<string, string>;
    expect(isPrefetch((n) => h[n] ?? null)).toBe(expected);
  });
});
