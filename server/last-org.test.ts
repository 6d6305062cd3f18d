import { describe, expect, it } from "vitest";
import type { IncomingMessage, ServerResponse } from "node:http";
import { rememberOrg } from "./last-org";

function run(url: string, headers: Record<string, string> = {}, method = "GET"): string | undefined {
  let cookie: string | undefined;
  const res = { setHeader: (name: string, value: string) => void (name === "set-cookie" && (cookie = value)) } as unknown as ServerResponse;
  rememberOrg({ url, method, headers } as unknown as IncomingMessage, res);
  return cookie;
}

describe("rememberOrg", () => {
  it("remembers an organization page that is shown", () => {
    expect(run("/acme/payments/dev?tab=x")).toBe("ferry-last-org=acme; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
    expect(run("/acme?_rsc=1", { rsc: "1" })).toMatch(/^ferry-last-org=acme;/); // a client-side navigation
  });
  it("leaves it alone for prefetches, other methods, the same organization and non-organization paths", () => {
    expect(run("/other?_rsc=1", { rsc: "1", "next-router-prefetch": "1" })).toBeUndefined();
    expect(run("/other", {}, "POST")).toBeUndefined();
    expect(run("/acme/x", { cookie: "a=b; ferry-last-org=acme" })).toBeUndefined();
    expect(run("/account/tokens")).toBeUndefined();
  });
});
