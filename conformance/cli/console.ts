// A real console for the esc transcripts: the one named by FERRY_CONFORMANCE_URL and
// FERRY_CONFORMANCE_TOKEN (its user must belong to every organization the transcripts name), or
// one started here with `npm start` on a throwaway data directory (built first when the sources
// changed, as `npm start` does), with the account seeded through the lib functions.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

export interface Console {
  url: string;
  token: string;
  close(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the console exited with status ${child.exitCode} before it served ${url}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the console did not answer ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

/** Whether something listens on the port already (a console of another run, say). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
}

/** A port free now, chosen by the system. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startConsole(root: string, orgs: string[], log: (line: string) => void): Promise<Console> {
  const given = process.env.FERRY_CONFORMANCE_URL;
  if (given) {
    const token = process.env.FERRY_CONFORMANCE_TOKEN;
    if (!token) throw new Error("FERRY_CONFORMANCE_URL needs FERRY_CONFORMANCE_TOKEN (a personal access token of a member of every organization the transcripts name)");
    return { url: given.replace(/\/+$/, ""), token, close: async () => {} };
  }
  // A port of its own unless told: two runs on one machine (a developer's and a clean clone's)
  // once shared a fixed port, and one run's transcripts met the other's console and token.
  const port = process.env.FERRY_CONFORMANCE_PORT ? Number(process.env.FERRY_CONFORMANCE_PORT) : await freePort();
  if (await portTaken(port)) throw new Error(`port ${port} is in use (another run's console?): set FERRY_CONFORMANCE_PORT to a free port`);
  const dataDir = path.join(root, `.tmp/conformance-cli-${port}/data`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  // its own SQLite database and the default URL, whatever the caller's shell has set
  const env: NodeJS.ProcessEnv = { ...process.env, FERRY_DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "" };
  delete env.FERRY_URL;
  log(`starting a console on port ${port} (builds first if the sources changed)`);
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/start.ts")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (c: Buffer) => (output = (output + c.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const close = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  };
  try {
    await waitFor(`http://127.0.0.1:${port}/sign-in`, child, 30 * 60_000);
    const { stdout } = await exec(process.execPath, ["--import", "tsx", path.join(root, "conformance/cli/seed-account.ts"), ...orgs], { cwd: root, env });
    const { token } = JSON.parse(stdout.trim().split("\n").at(-1)!) as { token: string };
    return { url: `http://127.0.0.1:${port}`, token, close };
  } catch (e) {
    await close();
    throw new Error(`${(e as Error).message}\n${output}`);
  }
}
