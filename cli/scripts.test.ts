// What a script relies on: exit codes, nothing on stdout when a command fails, and errors that
// name what to fix. The real entry point is spawned against a fake console (and against a web
// server that is not Ferry at all).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const BASE = "/api/esc/environments";
const GOOD = "fry_pat_good";

const PROPERTIES = {
  db: { value: { host: { value: "db.internal" }, port: { value: 5432 } } },
  environmentVariables: { value: { GREETING: { value: "hello" } } },
};
const BROKEN = {
  environmentVariables: { value: { AWS_ACCESS_KEY_ID: { value: "[unknown]", unknown: true } } },
};
const DIAGNOSTIC = { severity: "error", summary: "aws-login: the STS endpoint refused the web identity token", range: { environment: "payments/broken", begin: { line: 3, column: 5 }, end: { line: 3, column: 20 } } };
const DEFINITION = "values:\n  db:\n    host: db.internal\n    port: 5432\n  environmentVariables:\n    GREETING: hello\n";

function answer(res: ServerResponse, status: number, body: unknown, type = "application/json") {
  res.writeHead(status, { "content-type": type }).end(typeof body === "string" ? body : JSON.stringify(body));
}

function consoleFake(req: IncomingMessage, res: ServerResponse) {
  if (req.headers.authorization !== `Bearer ${GOOD}`) return answer(res, 401, { code: 401, message: "The access token has expired. Log in again with a new token." });
  const url = req.url!;
  const routes: Record<string, () => void> = {
    "GET /api/user": () => answer(res, 200, { email: "ada@example.com", name: "Ada", organizations: [{ githubLogin: "acme", name: "Acme" }, { githubLogin: "other", name: "Other" }] }),
    [`GET ${BASE}/acme`]: () => answer(res, 200, { environments: [{ organization: "acme", project: "payments", name: "dev" }] }),
    [`GET ${BASE}/other`]: () => answer(res, 200, { environments: [{ organization: "other", project: "web", name: "prod" }] }),
    [`GET ${BASE}/acme/payments/dev`]: () => res.writeHead(200, { "content-type": "application/x-yaml", "x-ferry-revision": "2" }).end(DEFINITION),
    [`POST ${BASE}/acme/payments/dev/check`]: () => answer(res, 200, { properties: PROPERTIES }),
    [`POST ${BASE}/acme/payments/dev/open`]: () => answer(res, 200, { id: "s1", diagnostics: { diagnostics: [] } }),
    [`GET ${BASE}/acme/payments/dev/open/s1`]: () => answer(res, 200, { properties: PROPERTIES }),
    [`POST ${BASE}/acme`]: () => {
      created.push(url);
      answer(res, 200, {});
    },
    [`GET ${BASE}/acme/payments/dev/versions`]: () => answer(res, 200, [{ number: 2, created: "2026-11-30T16:37:20.419Z", creatorLogin: "ada@example.com" }]),
    [`POST ${BASE}/acme/payments/broken/open`]: () => answer(res, 200, { id: "s2", diagnostics: { diagnostics: [DIAGNOSTIC] } }),
    [`GET ${BASE}/acme/payments/broken/open/s2`]: () => answer(res, 200, { properties: BROKEN }),
  };
  const route = routes[`${req.method} ${url.split("?")[0]}`];
  if (route) return route();
  answer(res, 404, { code: 404, message: url.startsWith(`${BASE}/`) && url.split("/").length === 5 ? "Organization was not found." : "Environment was not found." });
}

const created: string[] = [];
let ferryServer: Server;
let htmlServer: Server;
let url: string;
let htmlUrl: string;

async function listen(s: Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  ferryServer = createServer(consoleFake);
  htmlServer = createServer((_req, res) => answer(res, 200, "<!doctype html><title>Welcome to nginx!</title>", "text/html"));
  url = await listen(ferryServer);
  htmlUrl = await listen(htmlServer);
});
afterAll(async () => {
  await Promise.all([ferryServer, htmlServer].map((s) => new Promise<void>((r) => s.close(() => r()))));
});

function ferry(args: string[], env: Record<string, string | undefined> = {}) {
  const home = mkdtempSync(path.join(os.tmpdir(), "ferry-home-"));
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/bin.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, HOME: home, FERRY_HOME: "", FERRY_URL: url, FERRY_TOKEN: GOOD, FERRY_ORG: "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  child.stdin.end();
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => child.on("close", (code) => r({ code, stdout, stderr })));
}

describe("ferry env init", () => {
  it("says the environment was created, and reads --file before creating anything", async () => {
    created.length = 0;
    const missing = await ferry(["env", "init", "acme/payments/new", "-f", "/nonexistent/def.yaml"]);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toContain("could not read /nonexistent/def.yaml");
    expect(created).toEqual([]);
    const ok = await ferry(["env", "init", "acme/payments/new"]);
    expect(ok).toMatchObject({ code: 0, stdout: "Environment created: acme/payments/new\n" });
    expect(created).toHaveLength(1);
  }, 60_000);
});

describe("ferry env open", () => {
  it("fails with the diagnostics and prints no values when the open has errors", async () => {
    for (const format of ["dotenv", "shell", "json"]) {
      const r = await ferry(["env", "open", "acme/payments/broken", "--format", format]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("error: cannot open acme/payments/broken: it has errors");
      expect(r.stderr).toContain("payments/broken:3:5: aws-login: the STS endpoint refused the web identity token");
    }
  });

  it("prints the values of an open without errors", async () => {
    const r = await ferry(["env", "open", "acme/payments/dev", "--format", "dotenv"]);
    expect(r).toMatchObject({ code: 0, stdout: 'GREETING="hello"\n', stderr: "" });
  });

  it("fails on a path that does not exist, naming it", async () => {
    const r = await ferry(["env", "open", "acme/payments/dev", "db.nope"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('error: payments/dev has no value at "db.nope" ("db" has host, port)\n');
  });
});

describe("ferry env get", () => {
  it("fails on a path that does not exist and suggests the closest one", async () => {
    const typo = await ferry(["env", "get", "acme/payments/dev", "db.hostt"]);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toBe("");
    expect(typo.stderr).toBe('error: payments/dev has no value at "db.hostt"; did you mean "db.host"? ("db" has host, port)\n');
    const top = await ferry(["env", "get", "acme/payments/dev", "dbx.host", "--value", "json"]);
    expect(top.code).toBe(1);
    expect(top.stderr).toBe('error: payments/dev has no value at "dbx.host"; did you mean "db"? (its top-level properties are db, environmentVariables)\n');
  });

  it("prints a path's definition as YAML in the yaml fence", async () => {
    const r = await ferry(["env", "get", "acme/payments/dev", "db"]);
    expect(r.code).toBe(0);
    // esc's template: the fence closes after a blank line
    expect(r.stdout).toContain("# Definition\n```yaml\nhost: db.internal\nport: 5432\n\n```\n");
  });
});

describe("ferry env ls", () => {
  it("lists the organization named as its argument", async () => {
    expect(await ferry(["env", "ls", "other"])).toMatchObject({ code: 0, stdout: "other/web/prod\n" });
    expect(await ferry(["env", "ls"])).toMatchObject({ code: 0, stdout: "acme/payments/dev\nother/web/prod\n" });
    expect(await ferry(["env", "ls", "acme/nothing"])).toMatchObject({ code: 0, stdout: "" });
  });

  it("leaves the default organization out, as esc leaves out the user's own, and lists it first", async () => {
    expect(await ferry(["env", "ls"], { FERRY_ORG: "other" })).toMatchObject({ code: 0, stdout: "web/prod\nacme/payments/dev\n" });
  });

  it("fails on an organization that does not exist or an argument that disagrees with a flag", async () => {
    expect(await ferry(["env", "ls", "nope"])).toMatchObject({ code: 1, stdout: "", stderr: 'error: organization "nope" not found (or you are not a member)\n' });
    const clash = await ferry(["env", "ls", "acme", "--organization", "other"]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('but --organization says "other"');
  });
});

describe("logging in and credentials", () => {
  it("says that no Ferry console answered at a URL that is some other web server", async () => {
    const r = await ferry(["login", htmlUrl, "--token", "fry_pat_whatever"], { FERRY_URL: undefined, FERRY_TOKEN: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: no Ferry console answered at ${htmlUrl.replace(/\./g, "\\.")}: GET /api/user returned text/html`));
    expect(r.stderr).not.toContain("JSON input");
  });

  it("names FERRY_TOKEN when the console rejects the token it holds", async () => {
    const r = await ferry(["env", "ls", "acme"], { FERRY_TOKEN: "fry_pat_revoked" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("rejected the token in FERRY_TOKEN");
    expect(r.stderr).toContain("set FERRY_TOKEN to a valid personal access token, or unset it");
  });

  it("keeps the console's own advice for a rejected token from `ferry login`", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "ferry-creds-"));
    writeFileSync(path.join(home, "credentials.json"), JSON.stringify({ current: url, accounts: { [url]: { token: "fry_pat_revoked" } } }));
    const r = await ferry(["env", "ls", "acme"], { FERRY_HOME: home, FERRY_URL: undefined, FERRY_TOKEN: undefined });
    expect(r).toMatchObject({ code: 1, stderr: "error: The access token has expired. Log in again with a new token\n" });
  });

  it("whoami says which of the console and the token came from the environment", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "ferry-creds-"));
    mkdirSync(home, { recursive: true });
    const file = path.join(home, "credentials.json");
    writeFileSync(file, JSON.stringify({ current: "https://elsewhere.example.com", accounts: { [url]: { token: GOOD } } }));
    const urlOnly = await ferry(["whoami"], { FERRY_HOME: home, FERRY_TOKEN: undefined });
    expect(urlOnly.code).toBe(0);
    expect(urlOnly.stdout).toContain(`Credentials: console from FERRY_URL, token from ${file}\n`);
    const both = await ferry(["whoami"], { FERRY_HOME: home });
    expect(both.stdout).toContain("Credentials: console from FERRY_URL, token from FERRY_TOKEN\n");
  });

  it("falls back to the esc CLI's PULUMI_BACKEND_URL and PULUMI_ACCESS_TOKEN, and says so", async () => {
    const pulumi = { FERRY_URL: undefined, FERRY_TOKEN: undefined, PULUMI_BACKEND_URL: url, PULUMI_ACCESS_TOKEN: GOOD };
    const r = await ferry(["whoami"], pulumi);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("Credentials: console from PULUMI_BACKEND_URL, token from PULUMI_ACCESS_TOKEN\n");
    const json = JSON.parse((await ferry(["whoami", "--output", "json"], pulumi)).stdout);
    expect(json).toMatchObject({ urlSource: "PULUMI_BACKEND_URL", tokenSource: "PULUMI_ACCESS_TOKEN", ignored: [] });
    expect((await ferry(["env", "ls", "acme"], pulumi)).stdout).toContain("acme/payments/dev");
    // a Pulumi Cloud token is not sent: there is no Ferry token, and the error says how to give one
    const cloud = await ferry(["env", "ls", "acme"], { ...pulumi, PULUMI_ACCESS_TOKEN: "pul-0123456789" });
    expect(cloud.code).toBe(1);
    expect(cloud.stdout).toBe("");
    expect(cloud.stderr).toContain("not logged in");
    expect(cloud.stderr).toContain("ignored PULUMI_ACCESS_TOKEN (not a Ferry token)");
    // a rejected Ferry token from PULUMI_ACCESS_TOKEN is named as such
    const rejected = await ferry(["env", "ls", "acme"], { ...pulumi, PULUMI_ACCESS_TOKEN: "fry_pat_bad" });
    expect(rejected.stderr).toContain("PULUMI_ACCESS_TOKEN");
  });
});

describe("ferry run's ${…} interpolation", () => {
  const echo = [process.execPath, "-e", "console.log(process.argv.slice(1).join('|'))"];

  it("substitutes values and warns, once per template, about each that resolved to nothing", async () => {
    const r = await ferry(["run", "acme/payments/dev", "--", ...echo, "${db.host}", "echo ${HOME}", "$${HOME}", "${nope.x}"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("db.internal|echo |${HOME}|\n");
    expect(r.stderr).toBe(
      'warning: ${HOME} in the command became empty: acme/payments/dev has no value at "HOME". For a shell variable write $HOME or $${HOME}.\n' +
        'warning: ${nope.x} in the command became empty: acme/payments/dev has no value at "nope.x". For a shell variable write $${nope.x}.\n',
    );
  });

  it("stays silent when every template resolved", async () => {
    const r = await ferry(["run", "acme/payments/dev", "--", ...echo, "${db.port}"]);
    expect(r).toMatchObject({ code: 0, stdout: "5432\n", stderr: "" });
  });
});

describe("times", () => {
  it("print in the console's format: local with its offset, or UTC with --utc", async () => {
    const utc = await ferry(["env", "version", "history", "acme/payments/dev", "--utc"]);
    expect(utc).toMatchObject({ code: 0, stdout: "revision 2\nAuthor: ada@example.com\nDate:   2026-11-30 16:37 UTC\n\n" });
    const local = await ferry(["env", "version", "history", "acme/payments/dev"], { TZ: "Asia/Kolkata" });
    expect(local.stdout).toContain("Date:   2026-11-30 22:07 +05:30\n");
  });
});

