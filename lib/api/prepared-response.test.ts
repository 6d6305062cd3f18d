// A PreparedResponse reads as any Response does (Next and the tests use the standard API), and
// gives its bytes to Ferry's server without being read.
import { describe, expect, it } from "vitest";
import { PreparedResponse, preparedBody } from "./prepared-response";

const make = () => new PreparedResponse('{"a":"é"}', { status: 201, headers: { "content-type": "application/json", etag: '"3"' } });

describe("PreparedResponse", () => {
  it("reads as text, JSON, bytes and a stream, once, like a Response", async () => {
    expect(await make().text()).toBe('{"a":"é"}');
    expect(await make().json()).toEqual({ a: "é" });
    expect(new TextDecoder().decode(await make().arrayBuffer())).toBe('{"a":"é"}');
    expect(await new Response(make().body).text()).toBe('{"a":"é"}');
    expect((await make().blob()).type).toBe("application/json");

    const r = make();
    expect(r.status).toBe(201);
    expect(r.headers.get("etag")).toBe('"3"');
    expect(r).toBeInstanceOf(Response);
    expect(r.bodyUsed).toBe(false);
    expect(r.body).not.toBeNull(); // looking at the body does not use it up
    expect(r.bodyUsed).toBe(false);
    await r.text();
    expect(r.bodyUsed).toBe(true);
    await expect(r.text()).rejects.toThrow(TypeError);
    expect(() => r.clone()).toThrow(TypeError);
  });

  it("clones with its status, headers and body", async () => {
    const c = make().clone();
    expect(c).toBeInstanceOf(PreparedResponse);
    expect([c.status, c.headers.get("etag"), await c.text()]).toEqual([201, '"3"', '{"a":"é"}']);
  });

  it("gives the server its bytes without reading it; other responses have none", async () => {
    const r = make();
    expect(new TextDecoder().decode(preparedBody(r))).toBe('{"a":"é"}');
    expect(r.bodyUsed).toBe(false);
    expect(await r.json()).toEqual({ a: "é" });
    expect(preparedBody(new Response("x"))).toBeUndefined();
  });
});
