// CLI startup benchmark (not a test): `ferry --version` and `ferry run <env> -- true` against
// `node -e 0`, measured in the same run (targets: ≤ 1.2x and ≤ 2x). Like hyperfine: warm-up
// spawns, then interleaved rounds, medians. `run` talks to a real console (production build,
// `npm start`) on a throwaway data directory, bootstrapped with `npm run admin -- bootstrap`.
// CPU time is the children's user+system time from /proc (Linux), averaged over the rounds.
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildCliBundle } from "../scripts/build-cli";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3291);
const URL_ = `http://localhost:${PORT}`;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const WARMUP = 5;

/** Children's CPU time so far (ms), from /proc/self/stat cutime + cstime; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17, in clock ticks (100/s)
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

interface Case {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

interface Sample {
  wall: number[];
  cpu: number;
}

function once(c: Case): { wall: number; cpu?: number } {
  const opts: SpawnSyncOptions = { env: c.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] };
  const cpu0 = childrenCpuMs();
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, opts);
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  const cpu1 = childrenCpuMs();
  if (r.status !== 0) throw new Error(`${c.name} failed (${r.status}): ${String(r.stderr).trim()}`);
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}

function measure(cases: Case[]): Sample[] {
  for (const c of cases) for (let i = 0; i < WARMUP; i++) once(c);
  const out: Sample[] = cases.map(() => ({ wall: [], cpu: 0 }));
  for (let r = 0; r < ROUNDS; r++) {
    cases.forEach((c, i) => {
      const s = once(c);
      out[i].wall.push(s.wall);
      out[i].cpu += s.cpu ?? NaN;
    });
  }
  return out;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function table(cases: Case[], samples: Sample[], targets: Record<string, number>): void {
  const floor = pct(samples[0].wall, 50);
  const floorCpu = samples[0].cpu / ROUNDS;
  const rows = [["command", "median", "p90", "cpu (mean)", "ratio (median)", "cpu ratio", "target"]];
  cases.forEach((c, i) => {
    const med = pct(samples[i].wall, 50);
    const cpu = samples[i].cpu / ROUNDS;
    rows.push([
      c.name,
      `${med.toFixed(1)} ms`,
      `${pct(samples[i].wall, 90).toFixed(1)} ms`,
      Number.isNaN(cpu) ? "n/a" : `${cpu.toFixed(1)} ms`,
      `${(med / floor).toFixed(2)}x`,
      Number.isNaN(cpu) ? "n/a" : `${(cpu / floorCpu).toFixed(2)}x`,
      targets[c.name] ? `≤ ${targets[c.name]}x` : "",
    ]);
  });
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((x, i) => x.padEnd(widths[i])).join("  "));
}

async function waitFor(url: string, server: ReturnType<typeof spawn>): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (server.exitCode !== null) throw new Error(`the console exited (${server.exitCode}) before answering`);
    if ((await fetch(url).then((r) => r.status).catch(() => 0)) === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the console did not answer at ${url}`);
}

export async function main(): Promise<void> {
  const bundle = await buildCliBundle(ROOT);
  console.log(`bundle: ${path.relative(ROOT, bundle)}, ${(readFileSync(bundle).length / 1024).toFixed(0)} KB; ${ROUNDS} rounds; load average ${readLoad()}`);
  const floor: Case = { name: "node -e 0", args: ["-e", "0"] };
  const version: Case = { name: "ferry --version", args: [bundle, "--version"] };

  const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-bench-cli-"));
  const serverEnv = { ...process.env, FERRY_DATA_DIR: dataDir, PORT: String(PORT), DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" };
  const boot = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", "bootstrap", "--email", "bench@example.com", "--password", "benchmark password", "--org", "bench"], { cwd: ROOT, env: serverEnv, encoding: "utf8" });
  if (boot.status !== 0) throw new Error(`bootstrap failed: ${boot.stderr || boot.stdout}`);
  const token = boot.stdout.trim().split("\n").pop()!;
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: ROOT, env: serverEnv, stdio: "ignore" });
  try {
    await waitFor(`${URL_}/sign-in`, server);
    const cliEnv = { ...process.env, FERRY_URL: URL_, FERRY_TOKEN: token, HOME: dataDir };
    const cli = (...args: string[]) => once({ name: args.join(" "), args: [bundle, ...args], env: cliEnv });
    cli("env", "init", "bench/default/app");
    cli("env", "set", "bench/default/app", "environmentVariables.GREETING", "hello");
    cli("env", "set", "bench/default/app", "environmentVariables.PASSWORD", "s3cret", "--secret");
    const run: Case = { name: "ferry run <env> -- true", args: [bundle, "run", "bench/default/app", "--", "true"], env: cliEnv };
    const cases = [floor, version, run];
    // BENCH_BASELINE_BUNDLE=<file>: also time an older ferry.cjs (before/after in one run)
    const baseline = process.env.BENCH_BASELINE_BUNDLE;
    if (baseline) {
      cases.push({ name: "baseline --version", args: [baseline, "--version"] });
      cases.push({ name: "baseline run <env> -- true", args: [baseline, "run", "bench/default/app", "--", "true"], env: cliEnv });
    }
    table(cases, measure(cases), { "ferry --version": 1.2, "ferry run <env> -- true": 2 });
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function readLoad(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
}
