import { describe, expect, it } from "vitest";
import { assertSameOriginJson, isOwnOrigin } from "./same-origin";

const url = "https://ferry.example.com";
const post = (headers: Record<string, string>) => new Request(`${url}/acme/default/dev/evaluate`, { method: "POST", headers, body: "{}" });

describe("cookie-authenticated POSTs", () => {
  it.each([
    ["https://ferry.example.com", "ferry.example.com", true],
    ["https://ferry.example.com", "10.0.0.5:3000", true],
    ["http://10.0.0.5:3000", "10.0.0.5:3000", true],
    ["https://evil.example", "ferry.example.com", false],
    ["http://ferry.example.com", "ferry.example.com:443", false],
    ["https://ferry.example.com.evil.example", "ferry.example.com", false],
    ["null", "ferry.example.com", false],
    ["", "ferry.example.com", false],
    ["not a url", "ferry.example.com", false],
  ])("Origin %j with Host %j is ours: %s", (origin, host, ours) => {
    expect(isOwnOrigin(origin || null, url, host)).toBe(ours);
  });

  it("refuses other origins and missing Origin headers as forbidden", () => {
    expect(() => assertSameOriginJson(post({ origin: "https://evil.example", "content-type": "application/json" }), url)).toThrow(
      expect.objectContaining({ code: "forbidden", message: "This request did not come from Ferry's own pages, so it was refused." }),
    );
    expect(() => assertSameOriginJson(post({ "content-type": "application/json" }), url)).toThrow(expect.objectContaining({ code: "forbidden" }));
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", ""])("refuses the content type %j", (type) => {
    const headers: Record<string, string> = { origin: url };
    if (type) headers["content-type"] = type;
    expect(() => assertSameOriginJson(post(headers), url)).toThrow(expect.objectContaining({ code: "invalid_input" }));
  });

  it("accepts JSON from the console's own pages", () => {
    expect(() => assertSameOriginJson(post({ origin: url, "content-type": "application/json; charset=utf-8" }), url)).not.toThrow();
  });
});
