// The evaluation pool against real worker threads (the bundle vitest's global setup builds):
// results match in-process evaluation, errors keep their meaning across the boundary, and an
// overrunning evaluation is stopped with a diagnostic while the pool keeps serving.

import { afterEach, describe, expect, it } from "vitest";
import {
  checkEnvironment,
  createProviderRegistry,
  evalEnvironment,
  getEnvironmentVariables,
  InvalidCiphertextError,
  loadEnvironment,
  schema,
  sealEnvelope,
  type Decrypter,
  type EnvironmentLoader,
} from "../esc";
import { EvaluationPool, type EvaluationHost } from "./pool";
import type { EvaluationMode } from "./protocol";
import { evalWorkerFile } from "./worker-bundle";

const pools: EvaluationPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(opts: { size?: number; timeoutMs?: number; maxQueued?: number; memoryMb?: number } = {}) {
  const p = new EvaluationPool({ size: opts.size ?? 1, timeoutMs: opts.timeoutMs ?? 10_000, maxQueued: opts.maxQueued ?? 16, workerFile: evalWorkerFile, memoryMb: opts.memoryMb });
  pools.push(p);
  return p;
}

const xor: Decrypter = { decrypt: (c) => c.map((b) => b ^ 0x5a) };
const seal = (s: string) => sealEnvelope(new TextEncoder().encode(s).map((b) => b ^ 0x5a));

const opened: string[] = [];
const registry = createProviderRegistry([
  {
    name: "echo",
    inputSchema: schema.recordOf({ word: schema.string() }),
    outputSchema: schema.recordOf({ said: schema.string() }),
    async open(inputs, ctx) {
      opened.push(String(ctx.context.currentEnvironment && "ctx"));
      const word = (inputs.value as Record<string, { value: unknown }>).word.value;
      return { value: { said: { value: `${word}!` } }, secret: true };
    },
  },
]);

const imports: Record<string, string> = {
  "p/base": `values:\n  greeting: hello\n  key:\n    fn::secret:\n      ciphertext: ${seal("base-secret")}\n`,
};
const loader: EnvironmentLoader = {
  load: (name) => (imports[name] !== undefined ? { text: imports[name], decrypter: xor } : { error: `environment "${name}" not found` }),
};
const host = (decrypter: Decrypter = xor): EvaluationHost => ({ decrypter, environments: loader, providers: registry });

const doc = `imports: [p/base]
values:
  pw:
    fn::secret:
      ciphertext: ${seal("hunter2")}
  said: {fn::open::echo: {word: "\${greeting}"}}
  nope: {fn::open::missing: {}}
  environmentVariables:
    PW: \${pw}
    KEY: \${key}
`;
const context = { pulumi: { user: { id: "u1" } } };

async function inProcess(mode: EvaluationMode, text: string) {
  const loaded = loadEnvironment("p/env", text);
  const opts = { name: "p/env", env: loaded.env, decrypter: xor, providers: registry, rotators: registry, environments: loader, context, showSecrets: mode === "reveal" };
  const r = mode === "open" ? await evalEnvironment(opts) : await checkEnvironment(opts);
  return { properties: r.env?.properties ?? {}, diagnostics: [...loaded.diagnostics, ...r.diagnostics], environmentVariables: getEnvironmentVariables(r.env) };
}

function heavy(n: number) {
  let t = "values:\n  s0: " + "x".repeat(1000) + "\n";
  for (let i = 1; i <= 11; i++) t += `  s${i}: \${s${i - 1}}\${s${i - 1}}\n`;
  for (let i = 0; i < n; i++) t += `  h${i}: {fn::toBase64: \${s11}}\n`;
  return t;
}

describe("evaluation pool", () => {
  it.each(["check", "reveal", "open"] as const)("%s gives what in-process evaluation gives", async (mode) => {
    const want = await inProcess(mode, doc);
    const got = await pool().run({ mode, name: "p/env", yaml: doc, context }, host());
    expect(got).toMatchObject(want);
    expect(got.diagnostics.map((d) => d.summary)).toEqual(['unknown provider "missing"']);
    if (mode !== "check") expect(got.environmentVariables).toEqual({ PW: { value: "hunter2", secret: true }, KEY: { value: "base-secret", secret: true } });
  });

  it("keeps a decrypter's InvalidCiphertextError an invalid ciphertext, and other failures `decrypting:`", async () => {
    const p = pool();
    const text = `values:\n  pw:\n    fn::secret:\n      ciphertext: ${seal("hunter2")}\n`;
    const refused = await p.run({ mode: "reveal", name: "p/env", yaml: text, context }, host({ decrypt: () => Promise.reject(new InvalidCiphertextError("it belongs elsewhere")) }));
    expect(refused.diagnostics).toMatchObject([{ summary: "invalid ciphertext: it belongs elsewhere", path: "values.pw", range: { start: { line: 3 } } }]);
    const failed = await p.run({ mode: "reveal", name: "p/env", yaml: text, context }, host({ decrypt: () => Promise.reject(new Error("key service unavailable")) }));
    expect(failed.diagnostics.map((d) => d.summary)).toEqual(["decrypting: key service unavailable"]);
  });

  it("stops an evaluation past its budget with a diagnostic, replaces the worker and keeps serving", async () => {
    const p = pool({ size: 1, timeoutMs: 300 });
    const slow = p.run({ mode: "check", name: "p/env", yaml: heavy(20_000), context }, host());
    const next = p.run({ mode: "check", name: "p/env", yaml: "values: {a: 1}", context }, host());
    expect((await slow).diagnostics.map((d) => d.summary)).toEqual(["evaluation took longer than 0.3s and was stopped"]);
    expect((await next).properties.a).toMatchObject({ value: 1 });
  });

  it("stops an evaluation that runs its worker out of memory, and keeps serving", async () => {
    // 20,000 base64 copies of a 2 MiB string: each under the per-string limit, gigabytes together
    let text = "values:\n  s0: " + "x".repeat(1000) + "\n";
    for (let i = 1; i <= 11; i++) text += `  s${i}: \${s${i - 1}}\${s${i - 1}}\n`;
    for (let i = 0; i < 20_000; i++) text += `  h${i}:\n    fn::toBase64: \${s11}\n`;
    const p = pool({ size: 1, timeoutMs: 60_000, memoryMb: 128 });
    const huge = p.run({ mode: "check", name: "p/env", yaml: text, context }, host());
    const next = p.run({ mode: "check", name: "p/env", yaml: "values: {a: 1}", context }, host());
    expect((await huge).diagnostics.map((d) => d.summary)).toEqual(["evaluation used more than 128 MiB of memory and was stopped"]);
    expect((await next).properties.a).toMatchObject({ value: 1 });
  });

  it("matches a catastrophic pattern in a worker without hanging it", async () => {
    const text = `values:\n  v:\n    fn::validate:\n      schema: {type: string, pattern: "^(a+)+$"}\n      value: ${"a".repeat(33)}!\n`;
    const r = await pool({ timeoutMs: 2000 }).run({ mode: "check", name: "p/env", yaml: text, context }, host());
    expect(r.diagnostics.map((d) => d.summary)).toEqual(['string must match the pattern "^(a+)+$"']);
  });

  it("answers an aborted request without evaluating it, and refuses work beyond the queue", async () => {
    const p = pool({ size: 1, timeoutMs: 500, maxQueued: 1 });
    await p.run({ mode: "check", name: "p/env", yaml: "values: {warm: 1}", context }, host());
    const busy = p.run({ mode: "check", name: "p/env", yaml: heavy(20_000), context }, host());
    const ctl = new AbortController();
    const queued = p.run({ mode: "check", name: "p/env", yaml: "values: {a: 1}", context }, host(), ctl.signal);
    await expect(p.run({ mode: "check", name: "p/env", yaml: "values: {a: 1}", context }, host())).rejects.toMatchObject({ code: "too_many_requests" });
    ctl.abort();
    expect((await queued).diagnostics.map((d) => d.summary)).toEqual(["evaluation aborted"]);
    expect((await busy).diagnostics[0].summary).toMatch(/took longer than/);
  });
});

describe("a process using the pool", () => {
  it("exits once nothing is left to evaluate (idle workers hold no reference)", async () => {
    const { spawn } = await import("node:child_process");
    const path = await import("node:path");
    const script = path.resolve(import.meta.dirname, "../../testing/pool-exit.ts");
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", script], { env: process.env });
      let text = "";
      child.stdout.on("data", (c) => (text += c));
      const kill = setTimeout(() => child.kill(), 20_000);
      child.on("close", (code) => {
        clearTimeout(kill);
        if (code === 0) resolve(text);
        else reject(new Error(`exited with ${code}`));
      });
    });
    expect(JSON.parse(out)).toMatchObject({ a: { value: 1 } });
  });
});
