// `ferry env import` against a hostile or broken source: one that answers every page with the
// same revisions (or tags) must be refused, not asked forever, and nothing is created here.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
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

function ferry(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/bin.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, HOME: mkdtempSync(path.join(os.tmpdir(), "ferry-home-")), FERRY_URL: url, FERRY_TOKEN: "fry_pat_test", SRC_TOKEN: "pul-x" },
  });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise<{ code: number | null; stderr: string }>((r) => child.on("close", (code) => r({ code, stderr })));
}

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
