// A BodylessRequest answers every member of Request as undici's own Request would.
import { describe, expect, it } from "vitest";
import { BodylessRequest } from "./bodyless-request";

const URL_ = "http://127.0.0.1:3000/api/esc/environments/acme?count=2";

describe("BodylessRequest", () => {
  it("reads like a GET Request: fields, the empty body, the rarely used members", async () => {
    const headers = new Headers({ authorization: "token fry_pat_x", accept: "application/json" });
    const r = new BodylessRequest(URL_, "GET", headers) as unknown as Request;
    const real = new Request(URL_, { method: "GET", headers });
    expect(r).toBeInstanceOf(Request);
    expect([r.url, r.method, r.headers.get("authorization")]).toEqual([real.url, real.method, "token fry_pat_x"]);
    expect([r.body, r.bodyUsed, r.signal.aborted]).toEqual([null, false, false]);
    for (const k of ["cache", "credentials", "mode", "redirect", "referrer", "integrity", "keepalive", "destination"] as const) expect(r[k], k).toEqual(real[k]);
    expect(await r.text()).toBe("");
    expect(new Uint8Array(await r.arrayBuffer())).toHaveLength(0);
    await expect(r.json()).rejects.toThrow(SyntaxError);
    const copy = r.clone();
    expect([copy.url, copy.headers.get("accept")]).toEqual([URL_, "application/json"]);
    expect(new URL(r.url).searchParams.get("count")).toBe("2");
  });

  it("reads like a POST made without a body", async () => {
    const headers = new Headers({ authorization: "token fry_pat_x" });
    const r = new BodylessRequest(URL_, "POST", headers) as unknown as Request;
    const real = new Request(URL_, { method: "POST", headers });
    expect([r.method, r.body, r.bodyUsed]).toEqual([real.method, real.body, real.bodyUsed]);
    expect(await r.text()).toBe(await real.text());
    await expect(r.json()).rejects.toThrow(SyntaxError);
  });

  it("carries the signal it is given", () => {
    const abort = new AbortController();
    const r = new BodylessRequest(URL_, "HEAD", new Headers(), abort.signal) as unknown as Request;
    abort.abort();
    expect(r.signal.aborted).toBe(true);
    expect(r.method).toBe("HEAD");
  });
});
