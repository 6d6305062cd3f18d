import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./redirect";

const origin = "https://ferry.example.com";

describe("sign-in callback targets", () => {
  it.each([
    ["/acme/payments/dev", "/acme/payments/dev"],
    ["/acme?tab=runs#top", "/acme?tab=runs#top"],
    ["https://ferry.example.com/acme", "/acme"],
    ["/a/../b", "/b"],
    ["/%2F%2Fevil.com", "/%2F%2Fevil.com"],
  ])("keeps %j as %j", (target, expected) => {
    expect(sameOriginPath(target, origin)).toBe(expected);
  });

  it.each([
    "/\\evil.com",
    "\\\\evil.com",
    "//evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    " //evil.com",
    "https://evil.com/acme",
    "http://ferry.example.com/acme",
    "https://ferry.example.com.evil.com/",
    "https://ferry.example.com@evil.com/",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "acme",
    "",
    "/" + "a".repeat(3000),
  ])("refuses %j", (target) => {
    expect(sameOriginPath(target, origin)).toBe("/");
  });
});
