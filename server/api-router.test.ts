// The lean router reads app/'s route folders as its table: these check it picks the same route
// Next would, and answers around the handlers as Next's pipeline did.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRouteTable, createLeanRouter, isLeanPath, matchRoute } from "./api-router";

const APP = path.resolve(import.meta.dirname, "../app");
const ENV = "/api/esc/environments/[org]/[project]/[env]";

describe("route table from app/", () => {
  const table = buildRouteTable(APP);
  it.each([
    ["/api/esc/environments", "/api/esc/environments", {}],
    ["/api/esc/environments/acme", "/api/esc/environments/[org]", { org: "acme" }],
    ["/api/esc/environments/acme/yaml/check", "/api/esc/environments/[org]/yaml/check", { org: "acme" }],
    // a project named "yaml" is still a project when the next segment is not "check"
    ["/api/esc/environments/acme/yaml/prod", ENV, { org: "acme", project: "yaml", env: "prod" }],
    ["/api/esc/environments/acme/app/prod", ENV, { org: "acme", project: "app", env: "prod" }],
    ["/api/esc/environments/acme/app/prod/open", `${ENV}/open`, { org: "acme", project: "app", env: "prod" }],
    ["/api/esc/environments/acme/app/prod/open/s1", `${ENV}/open/[session]`, { org: "acme", project: "app", env: "prod", session: "s1" }],
    ["/api/esc/environments/acme/app/prod/versions/tags", `${ENV}/versions/tags`, { org: "acme", project: "app", env: "prod" }],
    ["/api/esc/environments/acme/app/prod/versions/3", `${ENV}/versions/[version]`, { org: "acme", project: "app", env: "prod", version: "3" }],
    ["/api/esc/environments/acme/a%20b/p%25", ENV, { org: "acme", project: "a b", env: "p%" }],
    ["/api/esc/environments/acme/app/prod/nothing", "/api/[[...path]]", { path: ["esc", "environments", "acme", "app", "prod", "nothing"] }],
    ["/api", "/api/[[...path]]", {}],
    ["/oidc/.well-known/jwks", "/oidc/.well-known/jwks", {}],
    ["/oidc/x", "/oidc/[[...path]]", { path: ["x"] }],
    ["/cli/ferry.cjs", "/cli/ferry.cjs", {}],
  ])("%s → %s", (p, template, params) => {
    const segments = p.slice(1).split("/").map(decodeURIComponent);
    const route = matchRoute(table, segments);
    expect(route?.template).toBe(template);
    expect(route?.params).toEqual(params);
  });

  it("leaves next-auth and pages to Next", () => {
    expect(isLeanPath("/api/auth/session")).toBe(false);
    expect(isLeanPath("/api/auth")).toBe(false);
    expect(isLeanPath("/acme/app/prod")).toBe(false);
    expect(isLeanPath("/apis")).toBe(false);
    expect(isLeanPath("/api/authx")).toBe(true);
    expect(isLeanPath("/cli/ferry.tgz")).toBe(true);
  });
});

describe("lean router over HTTP", () => {
  let server: http.Server;
  let base = "";
  let fallthrough = 0;
  beforeAll(async () => {
    const router = createLeanRouter(APP);
    server = http.createServer((req, res) => router.handle(req, res) || (fallthrough++, res.end("next")));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("answers an unknown API address with a JSON 404 and next.config's headers", async () => {
    const r = await fetch(`${base}/api/nothing/here`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ code: 404, error: "not_found" });
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("calls the route's handler: no token is a 401 in ESC's error shape", async () => {
    const r = await fetch(`${base}/api/esc/environments/acme/app/prod`);
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: 401, error: "unauthenticated" });
  });

  it("refuses a method the route does not serve with its Allow list", async () => {
    const r = await fetch(`${base}/api/esc/environments/acme/app/prod/open`, { method: "GET" });
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("OPTIONS, POST");
  });

  it("refuses a malformed percent-encoding as proxy.ts did, and drops a trailing slash with a 308", async () => {
    const bad = await fetch(`${base}/api/esc/environments/acme/%E0%A4%A/prod`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 400, error: "invalid_input" });
    const slash = await fetch(`${base}/api/esc/environments/?x=1`, { redirect: "manual" });
    expect(slash.status).toBe(308);
    expect(slash.headers.get("location")).toBe("/api/esc/environments?x=1");
    // the official SDK reads a property at `open//{id}`; Next answers repeated slashes with a 308 too
    const doubled = await fetch(`${base}/api/esc/environments/acme/app/prod/open//abc?property=a.b`, { redirect: "manual" });
    expect(doubled.status).toBe(308);
    expect(doubled.headers.get("location")).toBe("/api/esc/environments/acme/app/prod/open/abc?property=a.b");
  });

  it("lets go of a body the handler never read, so the next request on the connection is answered", async () => {
    // one keep-alive socket: the second request can only be answered once the first's unread
    // body (refused with a 401 before reading it) has been read past
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, body?: Buffer, chunked = false) =>
      new Promise<number>((resolve, reject) => {
        const headers: Record<string, string> = body && !chunked ? { "content-length": String(body.length) } : {};
        const r = http.request(`${base}/api/esc/environments/acme/app/prod/check`, { method, headers, agent }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        r.setTimeout(5_000, () => r.destroy(new Error("no answer within 5 s")));
        r.on("error", reject);
        if (body) for (let i = 0; i < body.length; i += 64 * 1024) r.write(body.subarray(i, i + 64 * 1024));
        r.end();
      });
    try {
      // 2 MB: over the largest body any endpoint reads, so handlers refuse it unread, as attackers send
      for (const [size, chunked] of [[300_000, false], [300_000, true], [2_000_000, false], [2_000_000, true]] as const) {
        expect(await send("POST", Buffer.alloc(size, 97), chunked)).toBe(401);
        expect(await send("POST", Buffer.from("values: {}"))).toBe(401);
      }
    } finally {
      agent.destroy();
    }
  });

  it("hands everything else to Next", async () => {
    const before = fallthrough;
    expect(await (await fetch(`${base}/api/auth/session`)).text()).toBe("next");
    expect(await (await fetch(`${base}/acme`)).text()).toBe("next");
    expect(fallthrough).toBe(before + 2);
  });
});
