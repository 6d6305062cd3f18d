// Hostile-load benchmark (not a test): the p99 latency of an unrelated API request (GET the
// organization's environment list) with no load, and while 4 clients keep POSTing a definition
// whose evaluation takes seconds to the check endpoint; also the catastrophic-regex check's time.
// Starts its own console (production build, `npm start`) on a throwaway data directory, seeded
// through the lib functions before the server starts.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const PORT = Number(process.env.BENCH_PORT ?? 3291);
const BASE = `http://localhost:${PORT}`;
const SAMPLES = 300;
const HOSTILE_CLIENTS = 4;

/** ~640 KB: 20,000 base64 encodings of a 2 MB string, about 6 s of evaluation. */
export function heavyDefinition(n = 20_000): string {
  let t = "values:\n  s0: " + "x".repeat(1000) + "\n";
  for (let i = 1; i <= 11; i++) t += `  s${i}: \${s${i - 1}}\${s${i - 1}}\n`;
  // block style: `{fn::toBase64: ${s11}}` would be a YAML error (a flow map cannot hold `${`)
  for (let i = 0; i < n; i++) t += `  h${i}:\n    fn::toBase64: \${s11}\n`;
  return t;
}

const regexDefinition = `values:\n  v:\n    fn::validate:\n      schema: {type: string, pattern: "^(a+)+$"}\n      value: ${"a".repeat(33)}!\n`;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seed(): Promise<{ token: string; org: string }> {
  const { readConfig } = await import("../lib/config");
  const { migrate } = await import("../lib/db/migrate");
  await migrate(readConfig());
  const { signUp } = await import("../lib/users/users");
  const { createOrganization } = await import("../lib/orgs/orgs");
  const { createEnvironment } = await import("../lib/environments/environments");
  const { createAccessToken } = await import("../lib/tokens/access-tokens");
  const { closeDb } = await import("../lib/db/client");
  const u = await signUp({ email: "bench@example.com", password: "benchmark password" });
  const actor = { userId: u.id };
  await createOrganization(actor, { name: "bench" });
  for (let i = 0; i < 5; i++) await createEnvironment(actor, "bench", { project: "app", name: `env${i}` });
  const { token } = await createAccessToken(actor, { name: "bench" });
  await closeDb();
  return { token, org: "bench" };
}

async function unrelated(auth: Record<string, string>, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(`${BASE}/api/esc/environments/bench`, { headers: auth });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`unrelated request: ${r.status}`);
    times.push(performance.now() - t);
    await sleep(10);
  }
  return times;
}

async function check(auth: Record<string, string>, yaml: string) {
  const t = performance.now();
  const r = await fetch(`${BASE}/api/esc/environments/bench/app/env0/check`, { method: "POST", headers: { ...auth, "content-type": "application/x-yaml" }, body: yaml });
  const body = (await r.json()) as { diagnostics?: { summary: string }[] };
  return { status: r.status, ms: performance.now() - t, first: body.diagnostics?.[0]?.summary };
}

const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} requests)`;

export async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-bench-hostile-"));
  Object.assign(process.env, { FERRY_DATA_DIR: dataDir, DATABASE_URL: "" });
  const { token } = await seed();
  // measured before the server starts: an idle pause would outlive its keep-alive connections
  const { checkEnvironment, loadEnvironment } = await import("../lib/esc");
  const heavy = heavyDefinition();
  // The whole document would build ~50 GB of strings and run this process out of memory (as it
  // did the server before workers had a heap limit); 10 of its 20,000 items show the rate.
  const sample = heavyDefinition(10);
  const t0 = performance.now();
  await checkEnvironment({ name: "x", env: loadEnvironment("x", sample).env });
  const perItem = (performance.now() - t0) / 10;
  console.log(`  hostile definition: ${(heavy.length / 1024).toFixed(0)} KiB, 20,000 fn::toBase64 of a 2 MiB string; in-process ${perItem.toFixed(1)} ms per item (${((perItem * 20_000) / 1000).toFixed(0)} s and ~50 GB for all, were memory no object)`);
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, FERRY_DATA_DIR: dataDir, PORT: String(PORT), DATABASE_URL: "" },
    stdio: "ignore",
  });
  const auth = { authorization: `Bearer ${token}` };
  try {
    for (let i = 0; i < 600; i++) {
      if ((await fetch(`${BASE}/sign-in`).then((r) => r.status).catch(() => 0)) === 200) break;
      await sleep(500);
    }

    await unrelated(auth, 20); // warm up routes and caches
    const quiet = await unrelated(auth, SAMPLES);
    console.log(`  unrelated GET, no load:            ${fmt(quiet)}`);

    let stop = false;
    const outcomes: { status: number; ms: number; first?: string }[] = [];
    const clients = Array.from({ length: HOSTILE_CLIENTS }, async () => {
      while (!stop) outcomes.push(await check(auth, heavy));
    });
    await sleep(1000); // every client has a check in flight
    const loaded = await unrelated(auth, SAMPLES);
    stop = true;
    await Promise.all(clients);
    console.log(`  unrelated GET, ${HOSTILE_CLIENTS} hostile checks:    ${fmt(loaded)}`);
    console.log(`  p99 ratio loaded/quiet: ${(pct(loaded, 99) / pct(quiet, 99)).toFixed(2)}x; p50 ratio ${(pct(loaded, 50) / pct(quiet, 50)).toFixed(2)}x`);
    const statuses = [...new Set(outcomes.map((o) => o.status))].join(",");
    console.log(`  hostile checks: ${outcomes.length} answered, statuses ${statuses}, ${fmt(outcomes.map((o) => o.ms))}; first diagnostic: "${outcomes[0]?.first}"`);

    const regex = [];
    for (let i = 0; i < 20; i++) regex.push(await check(auth, regexDefinition));
    console.log(`  ^(a+)+$ vs 33 a's + "!" via POST check: ${fmt(regex.map((r) => r.ms))}; diagnostic: "${regex[0].first}"`);
    const t1 = performance.now();
    await checkEnvironment({ name: "x", env: loadEnvironment("x", regexDefinition).env });
    console.log(`  same, in-process evaluation: ${(performance.now() - t1).toFixed(2)} ms`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
