// The esc CLI's transcripts (testdata/cli/*.yaml) run with `ferry` against a real console: each
// `esc …` command of a transcript's script is run as the same `ferry …` command, after the
// transcript's environments were seeded through the console's REST API. A transcript is skipped,
// with the reason, when it needs what a real console or ferry does not have (the Go harness's
// echo providers and rot128 ciphertexts, a fake file system or executables, a command or flag
// ferry lacks). Its stdout must match the transcript's exactly, the exit status too; stderr is
// compared for information only (ferry words its errors its own way).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, UsageError } from "../../cli/args";
import { findCommand } from "../../cli/main";
import { startConsole, type Console } from "../cli/console";
import { parseScript, UnsupportedShell, type Command, type Line } from "../cli/shell";
import { parseTranscript, type SeedEnvironment, type Transcript } from "../cli/transcript";
import { normalizeCliOutput } from "../tolerances";
import type { CaseResult, LevelResult, SuiteOptions } from "../types";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Commands that change the runner's own credentials or need a terminal: never run. */
const NOT_RUN: Record<string, string> = {
  login: "`esc login` would replace the runner's credentials with the transcript's URL",
  logout: "`esc logout` would remove the runner's credentials",
};

/** What a transcript's `process:` asks of the machine: environment variables and executables. */
interface FakeProcess {
  environ: Record<string, string>;
  /** name → shell script, run with the arguments as $1, $2 … (the editor gets the file) */
  commands: Record<string, string>;
}

/**
 * The transcript's `process:` as real environment variables and executables (see runScript), or
 * why it cannot be: the Go harness's fake file system (`fs:`) stays unsupported.
 */
function fakeProcess(t: Transcript): FakeProcess | string {
  const p = (t.process ?? {}) as Record<string, unknown>;
  const other = Object.keys(p).filter((k) => k !== "environ" && k !== "commands");
  if (other.length) return `needs the Go harness's fake ${other.join(", ")} (process:)`;
  const strings = (v: unknown) => Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
  return { environ: strings(p.environ), commands: strings(p.commands) };
}

function skipReason(t: Transcript, lines: Line[]): string | undefined {
  if (t.parent) return `runs esc as a plugin of \`${t.parent}\`, which ferry is not`;
  const fake = fakeProcess(t);
  if (typeof fake === "string") return fake;
  const unsupported = t.environments.flatMap((e) => e.unsupported);
  if (unsupported.length) return `seeds ${[...new Set(unsupported)].join(", ")}, which Ferry does not serve`;
  if (/fn::open::/.test(t.header)) return "uses fn::open providers: the Go harness's echo providers (test, and aws/azure/gcp-login as echo) do not exist in a real console";
  if (/ciphertext:/.test(t.header)) return "seeds the Go harness's rot128 ciphertexts, which a real console cannot decrypt";
  if (/fn::rotate::/.test(t.header)) return "uses rotators, which Ferry does not serve";
  for (const line of lines) {
    for (const { command } of line.steps) {
      const words = command.words;
      if (words[0] === "echo" || (words[0] === "exit" && /^\d+$/.test(words[1] ?? "0"))) continue;
      if (words[0] !== "esc") return `runs \`${words[0]}\`, not esc`;
      if (command.redirect) return "redirects esc's output to a file";
      const argv = words.slice(1);
      if (NOT_RUN[argv[0]]) return NOT_RUN[argv[0]];
      const { command: ferry, group, args } = findCommand(argv);
      if (!ferry) {
        if (args.length === 0 || ["--help", "-h", "help"].includes(args[0])) continue;
        return `ferry has no \`esc ${[...group, args[0]].join(" ")}\``;
      }
      try {
        parseArgs(args, { ...ferry.flags, help: { type: "boolean", short: "h", description: "" } }, { commandAfter: ferry.commandAfter });
      } catch (e) {
        if (e instanceof UsageError && /^unknown flag/.test(e.message)) return `ferry's \`${ferry.path.join(" ")}\` has no such flag: ${e.message}`;
      }
    }
  }
  return undefined;
}

interface Api {
  (method: string, p: string, body?: { json?: unknown; yaml?: string }): Promise<{ status: number; text: string }>;
}

function api(c: Console): Api {
  return async (method, p, body) => {
    const headers: Record<string, string> = { authorization: `token ${c.token}` };
    let payload: string | undefined;
    if (body?.json !== undefined) [headers["content-type"], payload] = ["application/json", JSON.stringify(body.json)];
    if (body?.yaml !== undefined) [headers["content-type"], payload] = ["application/x-yaml", body.yaml];
    const res = await fetch(`${c.url}${p}`, { method, headers, body: payload });
    return { status: res.status, text: await res.text() };
  };
}

const envPath = (e: { org: string; project: string; name: string }) => `/api/esc/environments/${[e.org, e.project, e.name].map(encodeURIComponent).join("/")}`;

/** Deletes every environment the account can see, deletion protection included. */
async function resetEnvironments(call: Api): Promise<void> {
  for (;;) {
    const res = await call("GET", "/api/esc/environments");
    if (res.status !== 200) throw new Error(`listing environments: ${res.status} ${res.text.slice(0, 200)}`);
    const { environments } = JSON.parse(res.text) as { environments: { organization: string; project: string; name: string }[] };
    if (environments.length === 0) return;
    for (const e of environments) {
      const ref = { org: e.organization, project: e.project, name: e.name };
      await call("PATCH", `${envPath(ref)}/settings`, { json: { deletionProtected: false } });
      const del = await call("DELETE", envPath(ref));
      if (del.status !== 200 && del.status !== 404) throw new Error(`deleting ${e.organization}/${e.project}/${e.name}: ${del.status} ${del.text.slice(0, 200)}`);
    }
  }
}

/**
 * Seeds the transcript's environments; a refusal is returned as the reason to skip. Every
 * environment is created first, then their revisions are saved in rounds, so that a definition
 * importing another one is saved after what it refers to (Ferry refuses definitions with errors).
 */
async function seed(call: Api, envs: SeedEnvironment[]): Promise<string | undefined> {
  const refusal = (what: string, r: { status: number; text: string }) => {
    if (r.status < 300) return undefined;
    let message = r.text.slice(0, 200);
    try {
      message = (JSON.parse(r.text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: the text itself
    }
    return `seeding ${what} was refused (${r.status}): ${message}`;
  };
  const label = (e: SeedEnvironment) => `${e.org}/${e.project}/${e.name}`;
  for (const e of envs) {
    const refused = refusal(label(e), await call("POST", `/api/esc/environments/${encodeURIComponent(e.org)}`, { json: { project: e.project, name: e.name } }));
    if (refused) return refused;
  }
  const next = new Map(envs.map((e) => [e, 0]));
  let last: string | undefined;
  for (let progress = true; progress; ) {
    progress = false;
    for (const e of envs) {
      for (let i = next.get(e)!; i < e.revisions.length; i++) {
        const rev = e.revisions[i];
        const saved = await call("PATCH", envPath(e), { yaml: rev.yaml });
        last = refusal(`revision ${i + 2} of ${label(e)}`, saved);
        if (last) break;
        next.set(e, i + 1);
        progress = true;
        for (const tag of rev.tags) {
          const refused = refusal(`tag ${tag} of ${label(e)}`, await call("POST", `${envPath(e)}/versions/tags`, { json: { name: tag, revision: i + 2 } }));
          if (refused) return refused;
        }
      }
    }
  }
  if (envs.some((e) => next.get(e)! < e.revisions.length)) return last;
  for (const e of envs) {
    for (const [i, rev] of e.revisions.entries()) {
      if (!rev.retracted) continue;
      const refused = refusal(`retracting revision ${i + 2} of ${label(e)}`, await call("POST", `${envPath(e)}/versions/${i + 2}/retract`, { json: rev.retracted }));
      if (refused) return refused;
    }
    for (const [name, value] of Object.entries(e.tags)) {
      const refused = refusal(`environment tag ${name} of ${label(e)}`, await call("POST", `${envPath(e)}/tags`, { json: { name, value } }));
      if (refused) return refused;
    }
  }
  return undefined;
}

function ferryCommand(): string[] {
  const bundle = path.join(ROOT, "cli/dist/ferry.cjs");
  return existsSync(bundle) ? [bundle] : ["--import", "tsx", path.join(ROOT, "cli/bin.ts")];
}

function runFerry(c: Console, args: string[], cwd: string, home: string, fake: FakeProcess & { bin: string }, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...ferryCommand(), ...args], {
    cwd,
    // only what ferry needs (no PULUMI_*, FERRY_*, EDITOR or VISUAL from the caller's shell), and
    // the transcript's own variables and executables
    env: {
      NODE_ENV: process.env.NODE_ENV,
      PATH: `${fake.bin}${path.delimiter}${process.env.PATH}`,
      HOME: home,
      FERRY_HOME: path.join(home, ".ferry"),
      FERRY_URL: c.url,
      FERRY_TOKEN: c.token,
      FERRY_ORG: "test-user",
      TZ: "UTC",
      NO_COLOR: "1",
      ...fake.environ,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.end(stdin ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    }),
  );
}

/**
 * Runs the script as `sh -e` would: a failing command ends the script unless `&&` or `||`
 * follows it or it is on the left of `||`; `exit` in a `( … )` ends only that subshell.
 */
async function runScript(c: Console, lines: Line[], fake: FakeProcess): Promise<{ stdout: string; stderr: string; status: number }> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), "ferry-transcript-"));
  // the transcript's executables, in a folder of their own ahead of PATH (scripts are bash: they
  // use `echo -e` and `[[ … ]]`)
  const bin = mkdtempSync(path.join(os.tmpdir(), "ferry-transcript-bin-"));
  for (const [name, script] of Object.entries(fake.commands)) writeFileSync(path.join(bin, name), `#!/bin/bash\n${script}`, { mode: 0o755 });
  let stdout = "";
  let stderr = "";
  const run = async (command: Command): Promise<number | { exit: number }> => {
    const [name, ...args] = command.words;
    if (name === "exit") return { exit: Number(args[0] ?? 0) };
    if (name === "echo") {
      const noNewline = args[0] === "-n";
      const text = (noNewline ? args.slice(1) : args).join(" ") + (noNewline ? "" : "\n");
      if (command.redirect) writeFileSync(path.join(cwd, command.redirect), text);
      else stdout += text;
      return 0;
    }
    const echo = `> ${command.words.join(" ")}\n`;
    stdout += echo;
    stderr += echo;
    const r = await runFerry(c, args, cwd, cwd, { ...fake, bin }, command.stdin);
    stdout += r.stdout;
    stderr += r.stderr;
    return r.code;
  };
  try {
    let status = 0;
    for (const line of lines) {
      status = 0;
      let lastRan = -1;
      let exited: number | undefined;
      for (const [i, step] of line.steps.entries()) {
        if (step.op === "&&" && status !== 0) continue;
        if (step.op === "||" && status === 0) continue;
        const r = await run(step.command);
        lastRan = i;
        if (typeof r === "object") {
          exited = r.exit;
          break;
        }
        status = r;
      }
      if (exited !== undefined) {
        if (!line.subshell) return { stdout, stderr, status: exited };
        status = exited;
        lastRan = line.steps.length - 1;
      }
      if (status !== 0 && lastRan === line.steps.length - 1) return { stdout, stderr, status };
    }
    return { stdout, stderr, status };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
  }
}

/** The first differing line, with its neighbours: enough to see what to fix. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  const i = e.findIndex((line, k) => line !== a[k]);
  const at = i === -1 ? e.length : i;
  return `line ${at + 1}: expected ${JSON.stringify(e[at] ?? "(end)")}, got ${JSON.stringify(a[at] ?? "(end)")}`;
}

/** Reads the transcripts: those to run, and a skipped result (with its reason) for the rest. */
export function planTranscripts(opts: SuiteOptions): { results: CaseResult[]; runnable: { t: Transcript; lines: Line[] }[] } {
  const dir = path.join(opts.root, "cli");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .filter((f) => !opts.caseName || f.replace(/\.yaml$/, "") === opts.caseName);
  const results: CaseResult[] = [];
  const runnable: { t: Transcript; lines: Line[] }[] = [];
  for (const file of files) {
    const name = file.replace(/\.yaml$/, "");
    const t = parseTranscript(name, readFileSync(path.join(dir, file), "utf8"));
    let lines: Line[] = [];
    let reason: string | undefined;
    try {
      lines = parseScript(t.run);
    } catch (e) {
      if (!(e instanceof UnsupportedShell)) throw e;
      reason = `its script uses ${e.message}, which the runner does not interpret`;
    }
    reason ??= skipReason(t, lines);
    if (reason) results.push({ suite: "cli", name, levels: [], passed: false, skipped: reason });
    else runnable.push({ t, lines });
  }
  return { results, runnable };
}

export async function runCliSuite(opts: SuiteOptions): Promise<CaseResult[]> {
  const { results, runnable } = planTranscripts(opts);
  if (runnable.length === 0) return results;

  const orgs = [...new Set(["test-user", ...runnable.flatMap(({ t }) => t.environments.map((e) => e.org))])].sort();
  const c = await startConsole(ROOT, orgs, (l) => console.log(`suite cli: ${l}`));
  try {
    const call = api(c);
    for (const { t, lines } of runnable) {
      await resetEnvironments(call);
      const refused = await seed(call, t.environments);
      if (refused) {
        results.push({ suite: "cli", name: t.name, levels: [], passed: false, skipped: refused });
        continue;
      }
      const got = await runScript(c, lines, fakeProcess(t) as FakeProcess);
      // FERRY_CONFORMANCE_OUT=dir keeps what ferry printed, to compare with the transcript by hand
      const out = process.env.FERRY_CONFORMANCE_OUT;
      if (out) {
        mkdirSync(out, { recursive: true });
        writeFileSync(path.join(out, `${t.name}.stdout`), got.stdout);
        writeFileSync(path.join(out, `${t.name}.stderr`), got.stderr);
      }
      const expectedStatus = t.error ? t.error : "exit status 0";
      const [expectedOut, gotOut] = [normalizeCliOutput(t.stdout), normalizeCliOutput(got.stdout)];
      const gotStatus = `exit status ${got.status}`;
      const levels: LevelResult[] = [
        { level: "stdout", pass: gotOut === expectedOut, ...(gotOut === expectedOut ? {} : { detail: firstDifference(expectedOut, gotOut) }) },
        { level: "exit", pass: gotStatus === expectedStatus, ...(gotStatus === expectedStatus ? {} : { detail: `expected ${expectedStatus}, got ${gotStatus}` }) },
        { level: "stderr", informational: true, pass: got.stderr === t.stderr, ...(got.stderr === t.stderr ? {} : { detail: firstDifference(t.stderr, got.stderr) }) },
      ];
      results.push({ suite: "cli", name: t.name, levels, passed: levels.every((l) => l.pass || l.informational) });
    }
  } finally {
    await c.close();
  }
  return results;
}
