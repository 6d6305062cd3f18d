import { describe, expect, it } from "vitest";
import { normalizeAddress, resolveClientAddress } from "./client-address";

describe("client address", () => {
  it.each([
    // [peer, X-Forwarded-For, trusted proxies, expected]
    ["203.0.113.5", undefined, 0, "203.0.113.5"],
    ["203.0.113.5", "198.51.100.1", 0, "203.0.113.5"],
    ["::ffff:203.0.113.5", "198.51.100.1, 10.0.0.1", 0, "203.0.113.5"],
    ["10.0.0.2", "198.51.100.1", 1, "198.51.100.1"],
    ["10.0.0.2", "6.6.6.6, 198.51.100.1", 1, "198.51.100.1"],
    ["10.0.0.2", ["6.6.6.6", "198.51.100.1"], 1, "198.51.100.1"],
    ["10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", 2, "198.51.100.1"],
    // fewer hops than trusted proxies: the leftmost known entry
    ["10.0.0.2", undefined, 1, "10.0.0.2"],
    ["10.0.0.2", "198.51.100.1", 3, "198.51.100.1"],
    // what a trusted proxy wrote is not an address: the peer, never a guess
    ["10.0.0.2", "6.6.6.6, unknown", 1, "10.0.0.2"],
    ["10.0.0.2", "198.51.100.1:4711", 1, "198.51.100.1"],
    ["10.0.0.2", "[2001:db8::1]:4711", 1, "2001:db8::1"],
    ["10.0.0.2", "2001:DB8::1", 1, "2001:db8::1"],
    [undefined, "198.51.100.1", 1, undefined],
  ] as const)("peer %s, X-Forwarded-For %j, %i trusted → %s", (peer, xff, trusted, expected) => {
    expect(resolveClientAddress(peer, xff as string | string[] | undefined, trusted)).toBe(expected);
  });

  it("accepts only IP addresses", () => {
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    for (const bad of ["", "localhost", "1.2.3", "1.2.3.4.5", "<script>", "a".repeat(300)]) expect(normalizeAddress(bad)).toBeUndefined();
  });
});
