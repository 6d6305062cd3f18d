// The evaluation worker: parses and evaluates one document at a time, off the main thread, so a
// heavy definition costs this thread (which the pool can terminate) and not the server's request
// loop. It holds no keys, no database and no network: imports, decryption and provider calls are
// requests to the main thread (see pool.ts). Bundled to dist/eval-worker.cjs by
// scripts/build-eval-worker.ts; it imports only lib/esc, which is pure.

import { parentPort } from "node:worker_threads";
import {
  checkEnvironment,
  evalEnvironment,
  getEnvironmentVariables,
  getTemporaryFiles,
  loadEnvironment,
  type Decrypter,
  type EscValue,
  type Provider,
  type ProviderRegistry,
  type Rotator,
} from "../esc";
import { fromWire, type EvaluationJob, type EvaluationOutput, type FromWorker, type HostCall, type HostReply, type ToWorker } from "./protocol";

const port = parentPort!;
const waiting = new Map<number, { resolve: (v: HostReply) => void; reject: (e: Error) => void }>();
const running = new Map<number, AbortController>();
let nextCall = 1;
type Described = Extract<HostReply, { inputSchema: unknown }>;

function post(m: FromWorker) {
  port.postMessage(m);
}

function ask<T extends HostReply>(id: number, request: HostCall): Promise<T> {
  const call = nextCall++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(call, { resolve: resolve as (v: HostReply) => void, reject });
    post({ t: "call", id, call, request });
  });
}

function remoteDecrypter(id: number, handle: number): Decrypter {
  return {
    async decrypt(ciphertext) {
      return (await ask<Extract<HostReply, { op: "decrypt" }>>(id, { op: "decrypt", decrypter: handle, ciphertext })).plaintext;
    },
  };
}

function remoteRegistry(id: number): ProviderRegistry {
  const open = (kind: "provider" | "rotator", fn: "open" | "rotate", name: string) => async (inputs: EscValue, context: Record<string, unknown>, state?: EscValue) =>
    (await ask<Extract<HostReply, { op: "open" }>>(id, { op: "open", kind, fn, name, inputs, state, context })).value;
  return {
    providers: new Map(),
    rotators: new Map(),
    async loadProvider(name): Promise<Provider> {
      const d = await ask<Described>(id, { op: "provider", name });
      const call = open("provider", "open", name);
      return { name: d.name, inputSchema: d.inputSchema, outputSchema: d.outputSchema, open: (inputs, ctx) => call(inputs, ctx.context) };
    },
    async loadRotator(name): Promise<Rotator> {
      const d = await ask<Described>(id, { op: "rotator", name });
      const [o, r] = [open("rotator", "open", name), open("rotator", "rotate", name)];
      return {
        name: d.name,
        inputSchema: d.inputSchema,
        outputSchema: d.outputSchema,
        stateSchema: d.stateSchema ?? true,
        open: (inputs, state, ctx) => o(inputs, ctx.context, state),
        rotate: (inputs, state, ctx) => r(inputs, ctx.context, state),
      };
    },
  };
}

async function evaluate(id: number, job: EvaluationJob, signal: AbortSignal): Promise<EvaluationOutput> {
  const loaded = loadEnvironment(job.name, job.yaml);
  const registry = remoteRegistry(id);
  const opts = {
    name: job.name,
    env: loaded.env,
    decrypter: remoteDecrypter(id, 0),
    providers: registry,
    rotators: registry,
    environments: {
      async load(name: string) {
        const r = await ask<Extract<HostReply, { op: "load" }>>(id, { op: "load", name });
        if (r.error !== undefined) return { error: r.error };
        const decrypter = r.decrypter === undefined ? undefined : remoteDecrypter(id, r.decrypter);
        return r.bytes !== undefined ? { bytes: r.bytes, decrypter } : { text: r.text ?? "", decrypter };
      },
    },
    context: job.context,
    signal,
    // "reveal": check mode (no provider calls) that decrypts ciphertexts
    showSecrets: job.mode === "reveal",
  };
  const result = job.mode === "open" ? await evalEnvironment(opts) : await checkEnvironment(opts);
  return {
    properties: result.env?.properties ?? {},
    diagnostics: [...loaded.diagnostics, ...result.diagnostics],
    environmentVariables: getEnvironmentVariables(result.env),
    files: getTemporaryFiles(result.env),
    environment: result.env,
  };
}

function failed(e: unknown): EvaluationOutput {
  const reason = e instanceof RangeError ? "the document is nested too deeply" : "the document could not be evaluated";
  return { properties: {}, diagnostics: [{ severity: "error", summary: `evaluation failed: ${reason}` }], environmentVariables: {}, files: {} };
}

port.on("message", (m: ToWorker) => {
  if (m.t === "eval") {
    const ctl = new AbortController();
    running.set(m.id, ctl);
    void evaluate(m.id, m.job, ctl.signal)
      .then((output) => post({ t: "done", id: m.id, output }))
      // A document the evaluator or the message copy cannot handle (5,000 nested brackets overflow
      // the worker's stack; a cyclic alias cannot be copied) still gets an answer: unanswered, its
      // request waited with nothing to end it.
      .catch((e) => post({ t: "done", id: m.id, output: failed(e) }))
      .finally(() => running.delete(m.id));
  } else if (m.t === "abort") {
    running.get(m.id)?.abort();
  } else {
    const w = waiting.get(m.call);
    waiting.delete(m.call);
    if (m.ok) w?.resolve(m.value);
    else w?.reject(fromWire(m.error));
  }
});

// the pool starts the budget clock only once the worker has loaded, not while it boots
post({ t: "ready" });
