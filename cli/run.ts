// `ferry run`: the projection goes into the child's environment, `files` into temporary files
// (0600, in a 0700 directory) whose paths go into the variables; the command is executed
// directly (no shell); signals are forwarded; secrets in its output are masked unless
// interactive; the files are removed when the child exits, whatever the reason.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliError } from "./errors";
import { secretsOf, type Projection } from "./format";
import { SecretMasker } from "./mask";

export interface TempFiles {
  dir: string;
  paths: Record<string, string>;
  remove(): void;
}

export function writeTempFiles(files: Record<string, { value: string }>): TempFiles {
  const names = Object.keys(files).sort();
  const dir = names.length ? mkdtempSync(path.join(os.tmpdir(), "ferry-")) : "";
  const paths: Record<string, string> = {};
  names.forEach((k, i) => {
    const p = path.join(dir, `${String(i).padStart(2, "0")}-${k.replace(/[^A-Za-z0-9_.-]/g, "_")}`);
    writeFileSync(p, files[k].value, { mode: 0o600 });
    paths[k] = p;
  });
  let removed = !dir;
  return {
    dir,
    paths,
    remove() {
      if (removed) return;
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH"] as const;
const SIGNAL_NUMBER: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15 };

export interface RunOptions {
  interactive: boolean;
  /** more values to mask (secrets interpolated into the arguments) */
  extraSecrets?: string[];
  /** for tests: where the child's (masked) output goes */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Runs the command; resolves with the exit code to use (the child's, or 128+signal). */
export async function runWithProjection(projection: Projection, command: string[], opts: RunOptions): Promise<number> {
  if (command.length === 0) throw new CliError("no command specified; put it after the environment, e.g. `ferry run acme/dev -- printenv`");
  const files = writeTempFiles(projection.files);
  const cleanup = () => files.remove();
  process.on("exit", cleanup);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(projection.environmentVariables)) env[k] = v.value;
  for (const [k, p] of Object.entries(files.paths)) env[k] = p;

  const masker = () => (opts.interactive ? undefined : new SecretMasker([...secretsOf(projection), ...(opts.extraSecrets ?? [])]));
  const outMask = masker();
  const errMask = masker();
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;

  return new Promise<number>((resolve, reject) => {
    let child;
    try {
      child = spawn(command[0], command.slice(1), { env, stdio: opts.interactive ? "inherit" : ["inherit", "pipe", "pipe"] });
    } catch (e) {
      cleanup();
      reject(new CliError(`cannot run "${command[0]}": ${(e as Error).message}`));
      return;
    }
    const handlers = FORWARDED.map((sig) => {
      const h = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      };
      process.on(sig, h);
      return [sig, h] as const;
    });
    const detach = () => {
      for (const [sig, h] of handlers) process.off(sig, h);
    };
    if (!opts.interactive) {
      child.stdout!.on("data", (c: Buffer) => stdout.write(outMask ? outMask.push(c) : c));
      child.stderr!.on("data", (c: Buffer) => stderr.write(errMask ? errMask.push(c) : c));
      // Our reader went away (`ferry run env -- yes | head`): close the child's pipe so it gets
      // EPIPE/SIGPIPE as it would without us in between, instead of writing forever.
      stdout.on("error", () => child.stdout!.destroy());
      stderr.on("error", () => child.stderr!.destroy());
    }
    let spawnError: Error | undefined;
    child.on("error", (e: NodeJS.ErrnoException) => {
      spawnError = e.code === "ENOENT" ? new CliError(`cannot run "${command[0]}": command not found`, 127) : new CliError(`cannot run "${command[0]}": ${e.message}`, 126);
    });
    child.on("close", (code, signal) => {
      detach();
      cleanup();
      process.off("exit", cleanup);
      if (outMask && stdout.writable) stdout.write(outMask.flush());
      if (errMask && stderr.writable) stderr.write(errMask.flush());
      if (spawnError) return reject(spawnError);
      resolve(code ?? 128 + (SIGNAL_NUMBER[signal ?? ""] ?? 1));
    });
  });
}
