import { describe, expect, it } from "vitest";
import { refuseActionBody, refuseFormSubmission, refuseRequest } from "./request-guard";

const req = (method: string, rawPath: string, headers: Record<string, string> = {}) => ({
  method,
  rawPath,
  header: (name: string) => headers[name] ?? null,
});

describe("requests refused before routing", () => {
  it("lets ordinary requests through", () => {
    expect(refuseRequest(req("GET", "/acme/payments/dev"))).toBeUndefined();
    expect(refuseRequest(req("GET", "/api/esc/environments/acme%2Fx"))).toBeUndefined();
    expect(refuseRequest(req("POST", "/acme/-/members", { "next-action": "abc", origin: "http://localhost:3000", host: "localhost:3000", "content-length": "10" }))).toBeUndefined();
    // A hand-made action call without Origin carries no browser's cookies by accident (as Next reasons).
    expect(refuseRequest(req("POST", "/acme/-/members", { "next-action": "abc", host: "localhost:3000", "content-length": "10" }))).toBeUndefined();
  });

  it("refuses malformed percent-encoding and unusual methods", () => {
    expect(refuseRequest(req("GET", "/api/esc/environments/a%ZZ"))).toMatchObject({ status: 400, code: "invalid_input" });
    expect(refuseRequest(req("GET", "/a/%E0%A4%A"))).toMatchObject({ status: 400 });
    expect(refuseRequest(req("TRACE", "/api/user"))).toMatchObject({ status: 405, headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" } });
  });

  it("refuses server-action calls from another origin, as Next's CSRF check would but without a 500", () => {
    const action = (origin: string, extra: Record<string, string> = {}) => req("POST", "/acme/-/members", { "next-action": "abc", host: "localhost:3000", origin, ...extra });
    expect(refuseRequest(action("https://evil.example"))).toMatchObject({ status: 403, code: "forbidden" });
    expect(refuseRequest(action("null"))).toMatchObject({ status: 403 });
    expect(refuseRequest(action("not a url"))).toMatchObject({ status: 400 });
    expect(refuseRequest(action("https://ferry.example", { "x-forwarded-host": "ferry.example, proxy.internal", "content-length": "10" }))).toBeUndefined();
  });
});

describe("server-action bodies refused before Next decodes them", () => {
  const text = (body: string) => refuseActionBody("text/plain;charset=UTF-8", new TextEncoder().encode(body).buffer as ArrayBuffer);
  const multipart = async (fields: [string, string][]) => {
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, v);
    const req = new Request("http://x/", { method: "POST", body: form });
    return refuseActionBody(req.headers.get("content-type")!, await req.arrayBuffer());
  };

  it("lets what encodeReply writes for plain values and forms through", async () => {
    const { encodeReply } = (await import("next/dist/compiled/react-server-dom-turbopack/client.node.js" as string)) as { encodeReply: (v: unknown[]) => Promise<string | FormData> };
    const form = new FormData();
    form.set("confirm", "dev");
    form.set("__proto__", "x");
    const encoded = await encodeReply([{ org: "acme", project: "default", name: "dev" }, { status: "idle" }, form]);
    expect(encoded).toBeInstanceOf(FormData);
    const req = new Request("http://x/", { method: "POST", body: encoded as FormData });
    expect(await refuseActionBody(req.headers.get("content-type")!, await req.arrayBuffer())).toBeUndefined();
    expect(await text((await encodeReply(["$dollar", { a: [1, { b: undefined }] }, Number.NaN])) as string)).toBeUndefined();
    expect(await text('[{"org":"acme","project":"default","name":"dev"},"$undefined","$$dollar",1,null]')).toBeUndefined();
    expect(await multipart([["_1_confirm", "dev"], ["0", '[{"org":"acme"},{"status":"idle"},"$K1"]']])).toBeUndefined();
    expect(await multipart([["1", '{"a":"b"}'], ["0", '["$1","$1"]']])).toBeUndefined();
  });

  it("refuses what React's decoder would answer with a 500 or wait on forever", async () => {
    for (const body of ["", "{{{", '{"a":1}', '["$@5"]', '["$h1"]', '["$Q1"]', '["$F1"]', '["$B1"]', '["$i1"]', '["$Sfoo"]', '["$E1"]', '["$T"]', '["$1"]', "[".repeat(100) + "]".repeat(100)]) {
      expect(await text(body), body.slice(0, 20)).toMatchObject({ status: 400 });
    }
    expect(await refuseActionBody("text/plain", new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d]).buffer as ArrayBuffer)).toMatchObject({ status: 400, message: "The request body is not valid UTF-8 text." });
    expect(await refuseActionBody("multipart/form-data; boundary=x", new TextEncoder().encode("--x\r\nbad").buffer as ArrayBuffer)).toMatchObject({ status: 400 });
    expect(await multipart([["0", '["$2"]']])).toMatchObject({ status: 400 });
    expect(await multipart([["$ACTION_ID_abc", ""], ["0", "[]"]])).toMatchObject({ status: 400 });
    expect(await refuseActionBody("application/x-www-form-urlencoded", new ArrayBuffer(3))).toMatchObject({ status: 415 });
  });

  it("refuses action calls without a declared length, or longer than Next would read", () => {
    const call = (headers: Record<string, string>) => req("POST", "/acme", { "next-action": "abc", host: "h", ...headers });
    expect(refuseRequest(call({}))).toMatchObject({ status: 411 });
    expect(refuseRequest(call({ "content-length": String(3 * 1024 * 1024) }))).toMatchObject({ status: 413 });
    expect(refuseRequest(call({ "content-length": "100" }))).toBeUndefined();
  });
});

describe("form submissions without JavaScript", () => {
  const body = async (fields: [string, string][]) => {
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, v);
    const req = new Request("http://x/", { method: "POST", body: form });
    return refuseFormSubmission(req.headers.get("content-type")!, await req.arrayBuffer());
  };
  it("refuses server-action fields (a hand-made one can leave Next waiting forever), not other forms", async () => {
    expect(await body([["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"x","bound":"$@1"}']])).toMatchObject({ status: 400 });
    expect(await body([["$ACTION_ID_abc", ""]])).toMatchObject({ status: 400 });
    expect(await body([["email", "a@example.com"]])).toBeUndefined();
    const submit = (headers: Record<string, string>) => req("POST", "/acme", { "content-type": "multipart/form-data; boundary=x", ...headers });
    expect(refuseRequest(submit({}))).toMatchObject({ status: 411 });
    expect(refuseRequest(submit({ "content-length": "10" }))).toBeUndefined();
  });
});
