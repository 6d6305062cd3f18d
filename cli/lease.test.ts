// `ferry lease ls|revoke|renew` against a fake console: the requests they send (org, filters,
// increment) and what they print, including a revoke whose clean-up the cloud refused.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runFerry } from "../testing/ferry-cli";

const ID = "0b4c2f3e-1d2a-4e5f-8a9b-0c1d2e3f4a5b";
const FAILING = "1b4c2f3e-1d2a-4e5f-8a9b-0c1d2e3f4a5b";
const lease = (over: Record<string, unknown> = {}) => ({
  id: ID,
  provider: "azure-sp",
  organization: "acme",
  project: "payments",
  environment: "dev",
  revision: 3,
  openedBy: { user: "ops@example.com" },
  via: "cli",
  issuedAt: "2026-11-30T20:00:00.000Z",
  expiresAt: "2026-11-30T21:00:00.000Z",
  maxExpiresAt: "2026-12-01T20:00:00.000Z",
  renewable: true,
  revocable: true,
  state: "active",
  externalIds: { kind: "service-principal", clientId: "c0ffee00-1111-4222-8333-444455556666" },
  ...over,
});

let server: Server;
let url: string;
const requests: { method: string; url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method!, url: req.url!, body });
      const send = (status: number, json: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
      const u = new URL(req.url!, "http://x");
      if (u.pathname === "/api/user") return send(200, { email: "ops@example.com", name: "ops", organizations: [{ githubLogin: "acme", name: "acme" }] });
      if (req.method === "HEAD" && u.pathname === "/api/esc/environments/acme/payments/dev") return res.writeHead(200).end();
      if (req.method === "GET" && u.pathname === "/api/leases/acme") return send(200, { leases: [lease(), lease({ id: FAILING, state: "revocation_failing", error: "deleting application x failed: Authorization_RequestDenied" })], continuationToken: null });
      if (req.method === "POST" && u.pathname === `/api/leases/acme/${ID}/revoke`) return send(200, lease({ state: "revoked" }));
      if (req.method === "POST" && u.pathname === `/api/leases/acme/${FAILING}/revoke`) return send(200, lease({ id: FAILING, state: "revocation_failing", error: "Authorization_RequestDenied: Insufficient privileges" }));
      if (req.method === "POST" && u.pathname === `/api/leases/acme/${ID}/renew`) {
        if (JSON.parse(body).increment === "48h") return send(409, { code: 409, message: "This lease already reaches its maxTtl (2026-12-01T20:00:00.000Z); it cannot be renewed past it." });
        return send(200, lease({ expiresAt: "2026-12-01T20:00:00.000Z" }));
      }
      send(404, { code: 404, message: "Lease was not found." });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  requests.length = 0;
});

const ferry = (args: string[]) => runFerry(url, args);

describe("ferry lease", () => {
  it("ls <env> asks for that environment's leases and prints one line each", async () => {
    const r = await ferry(["lease", "ls", "acme/payments/dev", "--state", "active"]);
    expect(r.code).toBe(0);
    const list = requests.find((q) => q.url.startsWith("/api/leases/acme"))!;
    expect(new URL(list.url, "http://x").searchParams.get("environment")).toBe("payments/dev");
    expect(new URL(list.url, "http://x").searchParams.get("state")).toBe("active");
    expect(r.stdout).toContain(`${ID}  active`);
    expect(r.stdout).toContain("payments/dev@3  ops@example.com via cli");
    expect(r.stdout).toContain("clean-up failing: deleting application x failed: Authorization_RequestDenied");
  });

  it("ls --output json prints the leases as the API returned them, in the default organization", async () => {
    const r = await ferry(["lease", "ls", "--output", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((l: { id: string }) => l.id)).toEqual([ID, FAILING]);
  });

  it("revoke posts to the lease and reports it; a refused clean-up exits non-zero with the cloud's error", async () => {
    const ok = await ferry(["lease", "revoke", ID, "--org", "acme"]);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toBe(`revoked lease ${ID} (azure-sp, payments/dev)\n`);
    const failing = await ferry(["lease", "revoke", FAILING, "--org", "acme"]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("Ferry keeps retrying: Authorization_RequestDenied: Insufficient privileges");
  });

  it("renew sends the increment and says when maxTtl is reached; the server's refusal is the message", async () => {
    const r = await ferry(["lease", "renew", ID, "--increment", "30h"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(requests.find((q) => q.method === "POST")!.body)).toEqual({ increment: "30h" });
    expect(r.stdout).toContain("(its maxTtl: it cannot be renewed further)");
    const refused = await ferry(["lease", "renew", ID, "--increment", "48h"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("cannot be renewed past it");
  });

  it("refuses what is not a lease id before calling the console", async () => {
    const r = await ferry(["lease", "revoke", "../../api/user"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not a lease id");
    expect(requests).toEqual([]);
  });
});
