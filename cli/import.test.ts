// `ferry env import` against a hostile or broken source: one that answers every page with the
// same revisions (or tags) must be refused, not asked forever, and nothing is created here.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFerry } from "../testing/ferry-cli";

let server: Server;
let url: string;
let repeat: "revisions" | "tags" = "revisions";
const writes: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url!, "http://x");
    const send = (status: number, json: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    if (req.method !== "GET" && req.method !== "HEAD") writes.push(`${req.method} ${u.pathname}`);
    // this console (the target): the user, and no such environment yet
    if (u.pathname === "/api/user") return send(200, { email: "ops@example.com", organizations: [{ githubLogin: "acme" }] });
    if (req.method === "HEAD") return res.writeHead(404).end();
    // the source: the same page, whatever the cursor
    if (u.pathname === "/api/esc/environments/src/p/e/versions") {
      return send(200, repeat === "revisions" ? [{ number: 3 }, { number: 2 }] : u.searchParams.get("before") === "2" ? [] : [{ number: 2 }, { number: 1 }].slice(u.searchParams.has("before") ? 1 : 0));
    }
    if (u.pathname === "/api/esc/environments/src/p/e/versions/tags") return send(200, { tags: [{ name: "stable", revision: 1 }], nextToken: "stable" });
    if (u.pathname === "/api/esc/environments/src/p/e/tags") return send(200, { tags: {} });
    send(404, { code: 404, message: "Not found." });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ferry = (args: string[]) => runFerry(url, args, { SRC_TOKEN: "pul-x" });

describe("ferry env import from a source that does not page", () => {
  const args = () => ["env", "import", "acme/p/e", "--env", "src/p/e", "--from", url, "--from-token-env", "SRC_TOKEN"];

  it("refuses revision pages whose cursor does not move, and creates nothing", async () => {
    repeat = "revisions";
    const r = await ferry(args());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("revision pages do not advance");
    expect(writes).toEqual([]);
  });

  it("refuses tag pages whose cursor does not move, and creates nothing", async () => {
    repeat = "tags";
    const r = await ferry(args());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("revision tag pages do not advance");
    expect(writes).toEqual([]);
  });
});
