// `ferry env edit` and `ferry env set` against a fake console: the definition makes a round trip
// through $EDITOR, a rejected save re-opens the editor, and `set` keeps comments.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runFerry } from "../testing/ferry-cli";
import { definitionPart } from "./commands/env-edit";

const ENV_PATH = "/api/esc/environments/acme/payments/dev";

let server: Server;
let url: string;
let definition: string;
let revision: number;
const patches: { body: string; ifMatch?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.headers.authorization !== "Bearer fry_pat_test") {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ code: 401, message: "The access token has expired. Log in again with a new token." }));
        return;
      }
      if (req.method === "POST" && req.url === `${ENV_PATH}/check`) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ properties: { greeting: { value: "hello" }, token: { value: "s3cr3t", secret: true } } }));
      } else if (req.method === "GET" && req.url === ENV_PATH) {
        res.writeHead(200, { "content-type": "application/x-yaml", "x-ferry-revision": String(revision) }).end(definition);
      } else if (req.method === "PATCH" && req.url === ENV_PATH) {
        patches.push({ body, ifMatch: req.headers["if-match"] as string | undefined });
        if (body.includes("${nope}")) {
          res.writeHead(400, { "content-type": "application/json" }).end(
            JSON.stringify({ code: 400, message: "The definition has errors.", diagnostics: [{ severity: "error", summary: 'unknown property "nope"', range: { environment: "payments/dev", begin: { line: 2, column: 8 }, end: { line: 2, column: 15 } } }] }),
          );
          return;
        }
        definition = body;
        revision++;
        res.writeHead(200, { "content-type": "application/json", "x-ferry-revision": String(revision) }).end(JSON.stringify({ diagnostics: [] }));
      } else res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ code: 404, message: "Environment was not found." }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  definition = "values:\n  # keep me\n  greeting: hello # and me\n";
  revision = 4;
  patches.length = 0;
});

const ferry = (args: string[], env: Record<string, string> = {}, stdin = "") => runFerry(url, args, env, stdin);

describe("ferry env edit", () => {
  it("saves what the editor wrote, re-opening the editor after an error", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ferry-editor-"));
    const count = path.join(dir, "count");
    writeFileSync(count, "0");
    // First pass introduces an error; the second fixes it.
    const editor = path.join(dir, "editor.sh");
    writeFileSync(
      editor,
      `#!/bin/sh\nn=$(cat ${count}); n=$((n+1)); echo $n > ${count}\nif [ $n = 1 ]; then printf 'values:\\n  a: \${nope}\\n' > "$1"; else printf 'values:\\n  a: fixed\\n' > "$1"; fi\n`,
      { mode: 0o755 },
    );
    const r = await ferry(["env", "edit", "acme/payments/dev"], { EDITOR: editor, VISUAL: "" }, "\n");
    expect(r.stderr).toContain('payments/dev:2:8: unknown property "nope"');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(count, "utf8").trim()).toBe("2");
    expect(definition).toBe("values:\n  a: fixed\n");
    expect(patches.map((p) => p.ifMatch)).toEqual(['"4"', '"4"']);
    expect(r.stdout).toBe("Environment updated.\n");
  });

  it("shows the current values below a --- line and saves only what is above it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ferry-editor-"));
    const editor = path.join(dir, "editor.sh");
    writeFileSync(editor, `#!/bin/sh\ncp "$1" ${dir}/seen\nsed -i 's/greeting: hello/greeting: bonjour/' "$1"\nprintf 'not: saved\\n' >> "$1"\n`, { mode: 0o755 });
    const r = await ferry(["env", "edit", "acme/payments/dev"], { EDITOR: editor, VISUAL: "" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("Environment updated.\n");
    expect(definition).toBe("values:\n  # keep me\n  greeting: bonjour # and me\n");
    const seen = readFileSync(path.join(dir, "seen"), "utf8");
    expect(seen.startsWith("values:\n  # keep me\n  greeting: hello # and me\n---\n# Please edit the environment definition above.\n")).toBe(true);
    expect(seen).toContain('"greeting": "hello"');
    expect(seen).toContain('"token": "[secret]"');
    expect(seen).not.toContain("s3cr3t");
  });

  it("aborts without saving, and without failing, on an empty definition or ^D after an error", async () => {
    const empty = await ferry(["env", "edit", "acme/payments/dev"], { EDITOR: "truncate -s 0", VISUAL: "" });
    expect(empty).toMatchObject({ code: 0, stdout: "", stderr: "Aborting edit due to empty definition.\n" });
    const dir = mkdtempSync(path.join(os.tmpdir(), "ferry-editor-"));
    const editor = path.join(dir, "editor.sh");
    writeFileSync(editor, `#!/bin/sh\nprintf 'values:\\n  a: \${nope}\\n' > "$1"\n`, { mode: 0o755 });
    const gaveUp = await ferry(["env", "edit", "acme/payments/dev"], { EDITOR: editor, VISUAL: "" }, "");
    expect(gaveUp.code).toBe(0);
    expect(gaveUp.stderr).toContain("Aborting edit.\n");
    expect(definition).toBe("values:\n  # keep me\n  greeting: hello # and me\n");
  });

  it("makes a bare `code` wait for the file to close, as esc does", async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), "ferry-bin-"));
    writeFileSync(path.join(bin, "code"), `#!/bin/sh\necho "$@" > ${bin}/args\nsed -i 's/hello/hi/' "$2"\n`, { mode: 0o755 });
    const r = await ferry(["env", "edit", "acme/payments/dev", "--editor", "code"], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(bin, "args"), "utf8")).toMatch(/^-w \/.*\.yaml\n$/);
    expect(definition).toContain("greeting: hi");
  });

  it("stops without saving when the editor leaves the definition unchanged", async () => {
    const r = await ferry(["env", "edit", "acme/payments/dev"], { EDITOR: "true" });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("No changes.\n");
    expect(patches).toEqual([]);
  });
});

describe("ferry env set", () => {
  it("edits one value in place, keeping comments, on top of the revision it read", async () => {
    const r = await ferry(["env", "set", "acme/payments/dev", "greeting", "hi there"]);
    expect(r.code, r.stderr).toBe(0);
    expect(definition).toBe("values:\n  # keep me\n  greeting: hi there # and me\n");
    expect(patches[0].ifMatch).toBe('"4"');
  });

  it("wraps --secret values in fn::secret", async () => {
    await ferry(["env", "set", "acme/payments/dev", "db.password", "s3cr3t", "--secret"]);
    expect(definition).toContain("db:\n    password:\n      fn::secret: s3cr3t\n");
  });

  it("refuses a plaintext value that looks like a secret unless --secret or --plaintext says what was meant", async () => {
    const key = "YMHdog6VkUqbVS5dAErxWeMy83r4HeBeNRdEuUFwK3M=";
    const refused = await ferry(["env", "set", "acme/payments/dev", "password", key]);
    expect(refused).toMatchObject({ code: 1, stderr: "error: value looks like a secret; rerun with --secret to mark it as such, or --plaintext if you meant to leave it as plaintext\n" });
    expect(patches).toHaveLength(0);
    expect((await ferry(["env", "set", "acme/payments/dev", "password", key, "--plaintext"])).code).toBe(0);
    expect(definition).toContain(`password: ${key}`);
    expect((await ferry(["env", "set", "acme/payments/dev", "password", key, "--secret", "--plaintext"])).stderr).toContain("contradict");
  }, 120_000);

  it("reads the value from --file or stdin, and refuses a value that is not YAML", async () => {
    expect((await ferry(["env", "set", "acme/payments/dev", "list", "--file", "-"], {}, "[a, b]\n")).code).toBe(0);
    expect(definition).toContain("list:");
    expect(definition).toMatch(/- a\n\s+- b|\[ a, b \]|\[a, b\]/);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ferry-value-")), "v.txt");
    writeFileSync(file, "from a file\n");
    expect((await ferry(["env", "set", "acme/payments/dev", "note", "-f", file])).code).toBe(0);
    expect(definition).toContain("note: from a file");
    const bad = await ferry(["env", "set", "acme/payments/dev", "path", "[a"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: invalid value: /);
    expect((await ferry(["env", "set", "acme/payments/dev", "x", "1", "-f", file])).stderr).toContain("not both");
  }, 180_000);

  it("reports an expired token and an unknown environment in one sentence", async () => {
    const expired = await ferry(["env", "set", "acme/payments/dev", "a", "1"], { FERRY_TOKEN: "fry_pat_old" });
    expect(expired).toMatchObject({
      code: 1,
      stderr: `error: the console at ${url} rejected the token in FERRY_TOKEN (The access token has expired); set FERRY_TOKEN to a valid personal access token, or unset it to use the one from \`ferry login\`\n`,
    });
    const missing = await ferry(["env", "set", "acme/payments/nope", "a", "1"]);
    expect(missing).toMatchObject({ code: 1, stderr: "error: environment acme/payments/nope not found (or you have no access to it)\n" });
  });
});

describe("definitionPart", () => {
  it("cuts at the first --- line after content, keeping a leading document start", () => {
    expect(definitionPart("values:\n  a: 1\n---\n# details\n{}\n")).toBe("values:\n  a: 1\n");
    expect(definitionPart("---\nvalues:\n  a: 1\n---\nmore\n")).toBe("---\nvalues:\n  a: 1\n");
    expect(definitionPart("values:\n  a: ---x\n")).toBe("values:\n  a: ---x\n");
    expect(definitionPart("values: {}\n---")).toBe("values: {}\n");
  });
});
