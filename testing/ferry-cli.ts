// Runs the ferry CLI from its sources, as a user would from a shell, against a console at `url`
// (a fake one in the CLI's tests): a home of its own, the token in FERRY_TOKEN.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface FerryRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runFerry(url: string, args: string[], env: Record<string, string | undefined> = {}, stdin = ""): Promise<FerryRun> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/bin.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, HOME: mkdtempSync(path.join(os.tmpdir(), "ferry-home-")), FERRY_URL: url, FERRY_TOKEN: "fry_pat_test", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  child.stdin.end(stdin);
  return new Promise((r) => child.on("close", (code) => r({ code, stdout, stderr })));
}
