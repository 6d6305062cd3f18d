// Logs never hold a secret value or a token: a server (testing/ops-server.ts, Ferry's server and
// API router without Next) serves an environment with a planted secret; a request flow opens it,
// reads the plaintext back, decrypts, saves a second planted secret, sends the token where it
// does not belong (the query string) and a wrong one, reads /metrics, and shuts down. Then every
// line the process wrote to stdout and stderr is scanned.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

it("a request flow that handles secrets and tokens leaves neither in the logs", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ferry-logs-"));
  const secret = `planted-${randomBytes(8).toString("hex")}`;
  const secondSecret = `planted2-${randomBytes(8).toString("hex")}`;
  const metricsToken = `metrics-${randomBytes(8).toString("hex")}`;
  const infoFile = path.join(dir, "info.json");
  const child = spawn(process.execPath, ["--import", "tsx", "testing/ops-server.ts"], {
    cwd: ROOT,
    env: { ...process.env, FERRY_DATA_DIR: dir, DATABASE_URL: "", OPS_SECRET: secret, OPS_INFO_FILE: infoFile, FERRY_METRICS_TOKEN: metricsToken, FERRY_LOG_LEVEL: "trace" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  try {
    for (let i = 0; i < 600 && !existsSync(infoFile); i++) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { port, token } = JSON.parse(readFileSync(infoFile, "utf8")) as { port: number; token: string };
    const base = `http://127.0.0.1:${port}`;
    const env = `${base}/api/esc/environments/ops/default/app`;
    const auth = { authorization: `Bearer ${token}` };

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: "ready", checks: { database: "ok", masterKey: "ok" } });
    expect((await fetch(env, { headers: auth })).status).toBe(200);
    const opened = (await (await fetch(`${env}/open`, { method: "POST", headers: auth })).json()) as { id: string };
    const values = await (await fetch(`${env}/open/${opened.id}`, { headers: auth })).text();
    expect(values).toContain(secret); // the flow really handled the plaintext
    expect(await (await fetch(`${env}/decrypt`, { headers: auth })).text()).toContain(secret);
    const put = await fetch(env, { method: "PUT", headers: { ...auth, "content-type": "application/x-yaml" }, body: `values:\n  pw:\n    fn::secret: ${secondSecret}\n` });
    expect(put.status).toBe(200);
    expect(await (await fetch(`${env}/check?showSecrets=true`, { method: "POST", headers: auth })).text()).toContain(secondSecret);
    expect((await fetch(`${env}?token=${token}&password=${secret}`)).status).toBe(401);
    expect((await fetch(env, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    expect(metrics).toContain('ferry_http_request_duration_seconds_bucket{method="POST",route="/api/esc/environments/[org]/[project]/[env]/open",status="2xx",le="0.05"}');
    expect(metrics).toMatch(/ferry_opens_total\{mode="open",outcome="ok",via="api"\} 1/);
    child.kill("SIGTERM");
    expect(await exited).toBe(143);

    const lines = output.split("\n").filter(Boolean);
    const requests = lines.map((l) => JSON.parse(l) as { msg: string; route?: string; status?: number }).filter((l) => l.msg === "request");
    expect(requests.map((r) => `${r.route} ${r.status}`)).toContain("/api/esc/environments/[org]/[project]/[env]/open 200");
    expect(requests.length).toBe(8); // the API requests; /healthz, /readyz and /metrics are not logged
    for (const needle of [secret, secondSecret, token, token.slice(8), metricsToken]) {
      expect(lines.filter((l) => l.includes(needle))).toEqual([]);
    }
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
