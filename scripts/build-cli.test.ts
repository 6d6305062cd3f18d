// The bundled CLI as users get it (one file: a loader with the program as a string, run through
// vm): --version from the loader alone, and commands that go over HTTP and print YAML, which
// load node:http and the yaml package lazily inside the vm-compiled program.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCliBundle } from "./build-cli";

const ROOT = path.resolve(import.meta.dirname, "..");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const PROPS = { GREETING: { value: "hello" }, PASSWORD: { value: "hunter22", secret: true } };

let dir: string;
let bundle: string;
let server: Server;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "ferry-cli-bundle-"));
  bundle = await buildCliBundle(ROOT, path.join(dir, "ferry.cjs"));
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
    res.setHeader("content-type", "application/json");
    if (req.method === "POST" && req.url === "/api/esc/environments/acme/payments/dev/open") res.end(JSON.stringify({ id: "s1" }));
    else if (req.url === "/api/esc/environments/acme/payments/dev/open/s1") res.end(JSON.stringify({ properties: { environmentVariables: { value: PROPS } } }));
    else {
      res.statusCode = 404;
      res.end(JSON.stringify({ code: 404, message: "Environment not found." }));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

/** Spawned asynchronously: the fake console answers from this process's event loop. */
function ferry(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bundle, ...args], { env: { ...process.env, HOME: dir, FERRY_URL: url, FERRY_TOKEN: "fry_pat_test" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("the bundled CLI", () => {
  it("answers --version and -v from the loader, and help from the program", async () => {
    expect(await ferry("--version")).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(await ferry("-v")).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = await ferry("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^ferry ${VERSION.replace(/\./g, "\\.")}: `));
  });

  it("carries the program as a string, so --version parses none of it", () => {
    const text = readFileSync(bundle, "utf8");
    expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(text.split("\n").length).toBeLessThan(15);
    // zod alone was 450 KB of the old bundle: the CLI validates by hand (lib/esc/duration.ts)
    expect(text).not.toContain("ZodError");
  });

  it("opens over HTTP and prints YAML (both loaded on demand inside the program)", async () => {
    const r = await ferry("env", "open", "acme/payments/dev", "--format", "yaml");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("GREETING: hello");
    expect(seen).toContain("POST /api/esc/environments/acme/payments/dev/open Bearer fry_pat_test");
  });

  it("runs a command with the environment, secrets masked", async () => {
    const r = await ferry("run", "acme/payments/dev", "--", process.execPath, "-e", "console.log(process.env.GREETING, process.env.PASSWORD)");
    expect(r).toMatchObject({ code: 0, stdout: "hello [secret]\n" });
  });

  it("reports the console's own message for an error answer", async () => {
    const r = await ferry("run", "acme/payments/nope", "--", "true");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("acme/payments/nope not found");
  });
});
