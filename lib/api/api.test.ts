import { describe, expect, it, vi } from "vitest";
import { makeOrg, makeUser, grantOnEnvironment } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment } from "../environments/environments";
import { createAccessToken } from "../tokens/access-tokens";
import { authenticate, bearerToken, endpoint, errorResponse, readJson, readText } from "./http";
import { createOpenSession, readOpenSession } from "../environments/open-sessions";
import { escUpdateDefinition } from "./environments";
import { RunTokenError } from "../runs/run-tokens";
import { log } from "../ops/log";

const DEF = "values:\n  a:\n    b: [zero, one]\n  pw:\n    fn::secret: hunter22\n";

describe("ESC open sessions", () => {
  it("keeps the opened values sealed, for the opener only, until they expire", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "dev", yaml: DEF });
    const opened = await createOpenSession(owner, ref, undefined, 3600, { via: "api" });
    if (!("id" in opened)) throw new Error(`not opened: ${JSON.stringify(opened)}`);
    const { id, diagnostics } = opened;
    expect(diagnostics).toEqual([]);
    const row = await db().openSession.findUniqueOrThrow({ where: { id }, include: { result: true } });
    expect(row.valuesEncrypted).toBeNull();
    expect(row.result?.valuesEncrypted).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(row.result!.valuesEncrypted, "base64").toString("latin1")).not.toContain("hunter22");
    const env = (await readOpenSession(owner, ref, id)) as { properties: Record<string, { value?: unknown }> };
    expect(env.properties.pw).toMatchObject({ value: "hunter22", secret: true });
    expect(await readOpenSession(owner, ref, id, "a.b[1]")).toMatchObject({ value: "one" });
    await expect(readOpenSession(owner, ref, id, "a.nope")).rejects.toMatchObject({ code: "not_found" });

    const other = await makeUser();
    await expect(readOpenSession(other, ref, id)).rejects.toMatchObject({ code: "not_found" });
    await db().openSession.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(readOpenSession(owner, ref, id)).rejects.toMatchObject({ message: expect.stringContaining("expired") });
  });

  it("refuses to save a definition with errors, returning diagnostics", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "dev" });
    const bad = await escUpdateDefinition(owner, ref, "values:\n  a: ${nope}\n");
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]).toMatchObject({ severity: "error", range: { environment: "default/dev" } });
    const good = await escUpdateDefinition(owner, ref, "values:\n  a: 1\n", 1);
    expect(good).toMatchObject({ ok: true, revision: 2 });
    await expect(escUpdateDefinition(owner, ref, "values:\n  a: 2\n", 1)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("HTTP plumbing", () => {
  it("accepts Bearer and token authorization schemes", async () => {
    const user = await makeUser();
    const { token } = await createAccessToken(user, { name: "t" });
    for (const scheme of ["Bearer", "token", "bearer"]) {
      const req = new Request("http://x/", { headers: { authorization: `${scheme} ${token}` } });
      expect(bearerToken(req)).toBe(token);
      expect(await authenticate(req)).toEqual({ userId: user.userId, login: user.email });
    }
    await expect(authenticate(new Request("http://x/"))).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(authenticate(new Request("http://x/", { headers: { authorization: "Basic abc" } }))).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("refuses oversized bodies", async () => {
    const req = new Request("http://x/", { method: "POST", body: "x".repeat(2000) });
    await expect(readText(req, 1000)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(await readText(new Request("http://x/", { method: "POST", body: "ok" }), 1000)).toBe("ok");
  });

  it("refuses bodies of the wrong media type, and bytes that are not UTF-8, instead of guessing", async () => {
    const post = (body: BodyInit, type?: string) => new Request("http://x/", { method: "POST", body, headers: type ? { "content-type": type } : {} });
    await expect(readJson(post('{"a":1}', "text/plain"))).rejects.toMatchObject({ code: "unsupported_media_type", message: "Send the body as Content-Type: application/json, not text/plain." });
    await expect(readJson(post("a=1", "application/x-www-form-urlencoded"))).rejects.toMatchObject({ code: "unsupported_media_type" });
    expect(await readJson(post('{"a":1}', "application/json; charset=utf-8"))).toEqual({ a: 1 });
    expect(await readJson(post('{"a":1}', "application/merge-patch+json"))).toEqual({ a: 1 });
    // An empty body needs no type: it reads as {}.
    expect(await readJson(post("", "text/plain"))).toEqual({});
    await expect(readText(post("a: 1", "multipart/form-data; boundary=x"), 1000)).rejects.toMatchObject({ code: "unsupported_media_type" });
    expect(await readText(post("a: 1", "application/x-yaml"), 1000)).toBe("a: 1");
    await expect(readText(post(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe]), "application/x-yaml"), 1000)).rejects.toMatchObject({ code: "invalid_input", message: "The request body is not valid UTF-8 text." });
    // "__proto__" in JSON is an ordinary key, never the object's prototype.
    const parsed = (await readJson(post('{"__proto__":{"name":"x"}}', "application/json"))) as { name?: string };
    expect(parsed.name).toBeUndefined();
  });

  it("answers methods a route does not serve with 405 { code, message } and the Allow header", async () => {
    const { GET, HEAD, POST, DELETE, OPTIONS } = endpoint({ GET: async () => new Response("ok"), PUT: async () => new Response("put") });
    expect(await (await GET(new Request("http://x/"), {})).text()).toBe("ok");
    expect(await (await HEAD(new Request("http://x/", { method: "HEAD" }), {})).text()).toBe("ok");
    for (const refuse of [POST, DELETE]) {
      const res = await refuse(new Request("http://x/", { method: "POST" }), {});
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS, PUT");
      expect(await res.json()).toEqual({ code: 405, error: "method_not_allowed", message: "POST is not supported at this address; it accepts GET, HEAD, OPTIONS, PUT." });
    }
    const options = await OPTIONS();
    expect([options.status, options.headers.get("allow")]).toEqual([204, "GET, HEAD, OPTIONS, PUT"]);
    // A handler's own failure is mapped too.
    const failing = endpoint({ GET: async () => Promise.reject(new Error("boom")) });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await failing.GET(new Request("http://x/"), {})).status).toBe(500);
    logged.mockRestore();
  });

  it("maps failures to { code, message } without leaking exception text", async () => {
    const known = errorResponse(new RunTokenError("used", "This run command has already been used."));
    expect(known.status).toBe(409);
    expect(await known.json()).toEqual({ code: 409, error: "conflict", message: "This run command has already been used.", reason: "used" });
    const logged = vi.spyOn(log(), "error").mockImplementation(() => {});
    const unknown = errorResponse(new Error("SELECT * FROM secrets"));
    expect(logged).toHaveBeenCalledOnce();
    expect(logged.mock.calls[0][0]).toMatchObject({ ref: expect.stringMatching(/^[0-9a-f]{8}$/), err: expect.any(Error) });
    logged.mockRestore();
    expect(unknown.status).toBe(500);
    expect(JSON.stringify(await unknown.json())).not.toContain("SELECT");
  });
});

describe("decrypted definitions", () => {
  it("need the open right and are audited", async () => {
    const { escGetDecryptedDefinition } = await import("./environments");
    const { addMember } = await import("../../testing/factories");
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "dev", yaml: DEF });
    const { yaml } = await escGetDecryptedDefinition(owner, ref, { address: "10.1.1.1" });
    expect(yaml).toContain("fn::secret: hunter22");
    expect(await db().auditEvent.count({ where: { action: "environment.decrypt", actorId: owner.userId, address: "10.1.1.1" } })).toBe(1);
    const reader = await makeUser();
    await addMember(owner, org, { email: reader.email, role: "member" });
    const env = await db().environment.findFirstOrThrow({ where: { organization: { name: org } } });
    await grantOnEnvironment(env.id, reader.userId, "reader");
    await expect(escGetDecryptedDefinition(reader, ref, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
