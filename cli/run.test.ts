// The CLI's `run` as a terminal sees it: the real entry point spawned with pipes against a fake
// console (lookup + redeem of a run token), checking masking, -i, exit codes and that Ctrl-C
// (SIGINT) forwards to the child and removes the temporary files. One more check drives a real
// terminal through tmux when tmux is installed (skipped, and said so, when it is not).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "hunter22";
const PROJECTION = {
  environment: "acme/payments/dev",
  revision: 3,
  command: null,
  environmentVariables: { PASSWORD: { value: SECRET, secret: true }, GREETING: { value: "hello", secret: false } },
  files: { KEYFILE: { value: `key:${SECRET}`, secret: true } },
};

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/api/run-tokens/lookup") res.end(JSON.stringify({ environment: PROJECTION.environment, revision: 3, expiresAt: new Date(Date.now() + 60_000).toISOString(), usesLeft: 1, command: null, status: "active" }));
    else if (req.url === "/api/run-tokens/redeem") res.end(JSON.stringify(PROJECTION));
    else {
      res.statusCode = 404;
      res.end(JSON.stringify({ code: 404, message: "not found" }));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function ferryArgs(extra: string[], command: string[]) {
  return ["--import", "tsx", path.join(ROOT, "cli/bin.ts"), "run", "--url", url, "--token", "fry_run_test", ...extra, "acme/payments/dev", "--", ...command];
}

function runFerry(extra: string[], command: string[]): ChildProcess & { output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ferryArgs(extra, command), { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, HOME: "/nonexistent" } });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c) => (stdout += c));
  child.stderr!.on("data", (c) => (stderr += c));
  return Object.assign(child, { output: () => ({ stdout, stderr }) });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.on("close", (code) => r(code)));

const NODE = process.execPath;

describe("ferry run (spawned with pipes)", () => {
  it("masks secrets in stdout and stderr, even when a secret straddles two writes", async () => {
    const child = runFerry([], [NODE, "-e", `process.stdout.write("pw=hun"); setTimeout(() => { process.stdout.write("ter22 ok\\n"); console.error("err " + process.env.PASSWORD + " " + process.env.GREETING); }, 100)`]);
    expect(await exited(child)).toBe(0);
    const { stdout, stderr } = child.output();
    expect(stdout).toBe("pw=[secret] ok\n");
    expect(stderr).toBe("err [secret] hello\n");
  });

  it("prints secrets in the clear with -i, writes files 0600, and returns the child's exit code", async () => {
    const child = runFerry(["-i"], [NODE, "-e", `const fs = require("fs"); console.log(process.env.PASSWORD, fs.readFileSync(process.env.KEYFILE, "utf8"), (fs.statSync(process.env.KEYFILE).mode & 0o777).toString(8)); process.exit(7)`]);
    // -i attaches the child to ferry's own stdio, which are pipes here.
    expect(await exited(child)).toBe(7);
    expect(child.output().stdout).toBe(`${SECRET} key:${SECRET} 600\n`);
  });

  it("runs the command directly, not through a shell", async () => {
    const child = runFerry([], ["echo", "$PASSWORD", "`id`"]);
    expect(await exited(child)).toBe(0);
    expect(child.output().stdout).toBe("$PASSWORD `id`\n");
  });

  it("forwards SIGINT to the child and removes the temporary files", async () => {
    const child = runFerry([], [NODE, "-e", `process.on("SIGINT", () => { console.log("child got SIGINT"); process.exit(130); }); console.log(process.env.KEYFILE); setInterval(() => {}, 1000)`]);
    const file = await new Promise<string>((resolve) => {
      child.stdout!.on("data", () => {
        const line = child.output().stdout.split("\n")[0];
        if (child.output().stdout.includes("\n")) resolve(line);
      });
    });
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    child.kill("SIGINT");
    expect(await exited(child)).toBe(130);
    expect(child.output().stdout).toContain("child got SIGINT");
    expect(existsSync(file)).toBe(false);
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it("reports a missing command in one sentence with exit code 127", async () => {
    const child = runFerry([], ["definitely-not-a-command-xyz"]);
    expect(await exited(child)).toBe(127);
    expect(child.output().stderr).toBe('error: cannot run "definitely-not-a-command-xyz": command not found\n');
  });
});

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;

describe.skipIf(!hasTmux)(`ferry run in a terminal (tmux${hasTmux ? "" : " not installed: apt-get install -y tmux to run this"})`, () => {
  it("Ctrl-C in the terminal stops the child and removes the temporary files", async () => {
    const session = `ferry-test-${process.pid}`;
    const marker = path.join("/tmp", `${session}.path`);
    const cmd = [NODE, ...ferryArgs(["-i"], ["sh", "-c", `echo "$KEYFILE" > ${marker}; exec sleep 60`])].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    spawnSync("tmux", ["new-session", "-d", "-s", session, "-x", "120", "-y", "30", `cd ${ROOT} && ${cmd}; echo "exit=$?"; sleep 30`]);
    try {
      let file = "";
      for (let i = 0; i < 100 && !file; i++) {
        await new Promise((r) => setTimeout(r, 100));
        if (existsSync(marker)) file = spawnSync("cat", [marker]).stdout.toString().trim();
      }
      expect(file).not.toBe("");
      expect(existsSync(file)).toBe(true);
      spawnSync("tmux", ["send-keys", "-t", session, "C-c"]);
      let screen = "";
      for (let i = 0; i < 50 && !screen.includes("exit="); i++) {
        await new Promise((r) => setTimeout(r, 100));
        screen = spawnSync("tmux", ["capture-pane", "-p", "-t", session]).stdout.toString();
      }
      expect(screen).toMatch(/exit=130/);
      expect(existsSync(file)).toBe(false);
    } finally {
      spawnSync("tmux", ["kill-session", "-t", session]);
      spawnSync("rm", ["-f", marker]);
    }
  });
});

describe("ferry run in a pipeline", () => {
  it("stops a child writing forever when the reader goes away", async () => {
    const cmd = ferryArgs([], ["yes", "y"]).map((a) => `'${a}'`).join(" ");
    // Asynchronous: the fake console answers from this process's event loop.
    const child = spawn("bash", ["-c", `'${process.execPath}' ${cmd} | head -n 3`], { cwd: ROOT, env: { ...process.env, HOME: "/nonexistent" } });
    let stdout = "";
    child.stdout.on("data", (c) => (stdout += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const code = await exited(child);
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(stdout).toBe("y\ny\ny\n");
  });
});

describe("ferry run with a run token and no command", () => {
  it("refuses before redeeming, so the token is not spent", async () => {
    let redeemed = 0;
    const s = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/api/run-tokens/redeem") redeemed++;
      res.end(JSON.stringify({ environment: "acme/payments/dev", revision: 1, expiresAt: new Date().toISOString(), usesLeft: 1, command: null, status: "active" }));
    });
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const u = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/bin.ts"), "run", "--url", u, "--token", "fry_run_x", "acme/payments/dev", "--"], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    expect(await exited(child)).toBe(1);
    expect(stderr).toBe("error: no command specified; add the command to run after --\n");
    expect(redeemed).toBe(0);
    await new Promise<void>((r) => s.close(() => r()));
  });
});
