// Server-side evaluation runs in a small pool of worker threads with a wall-clock budget, so no
// definition can monopolise the server: the request loop only relays messages, and a worker that
// overruns its budget is terminated and replaced, its caller getting a diagnostic.
//
// Decryption, imports and provider calls stay on the main thread (the worker asks for them by
// message). Data keys are cached by the key ring of this thread and would have to be copied into
// every worker otherwise, where a terminated worker could not even be trusted to have wiped them;
// this way a worker only ever sees the plaintexts its document actually references, which it
// needs to evaluate anyway. Providers reach the network and the database (OIDC signing keys), so
// they keep running where those connections are, and are aborted with the evaluation.

import "server-only";
import { Worker } from "node:worker_threads";
import type { Decrypter, EnvironmentLoader, EscValue, ProviderRegistry } from "../esc";
import { AppError } from "../errors";
import { toWire, type EvaluationJob, type EvaluationOutput, type FromWorker, type HostCall, type HostReply, type ToWorker } from "./protocol";
import { evalWorkerFile } from "./worker-bundle";
import { log } from "../ops/log";

/** What the evaluation may reach on the main thread, already bound to an authorized caller. */
export interface EvaluationHost {
  decrypter: Decrypter;
  environments: EnvironmentLoader;
  providers: ProviderRegistry;
}

export interface PoolOptions {
  size: number;
  timeoutMs: number;
  /** jobs waiting for a worker beyond this are refused (429) instead of queueing without bound */
  maxQueued: number;
  workerFile: () => Promise<string>;
  /**
   * Heap limit of each worker in MiB. Without one, a document that builds gigabytes of strings
   * (each under the language's per-string limit) runs the whole process out of memory; with
   * one, V8 stops only that worker, and its job is answered with a diagnostic.
   */
  memoryMb?: number;
}

interface Job {
  id: number;
  job: EvaluationJob;
  host: EvaluationHost;
  decrypters: Decrypter[];
  abort: AbortController;
  signal?: AbortSignal;
  resolve: (o: EvaluationOutput) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: ReturnType<typeof setTimeout>;
}

const failed = (summary: string): EvaluationOutput => ({ properties: {}, diagnostics: [{ severity: "error", summary }], environmentVariables: {}, files: {} });

export class EvaluationPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private starting = 0;
  private closed = false;

  constructor(readonly opts: PoolOptions) {}

  run(job: EvaluationJob, host: EvaluationHost, signal?: AbortSignal): Promise<EvaluationOutput> {
    if (this.closed) return Promise.reject(new Error("evaluation pool closed"));
    if (this.queue.length >= this.opts.maxQueued) {
      return Promise.reject(new AppError("too_many_requests", "The server is busy evaluating other environments. Try again in a moment."));
    }
    return new Promise((resolve, reject) => {
      const j: Job = { id: this.nextId++, job, host, decrypters: [host.decrypter], abort: new AbortController(), signal, resolve, reject };
      if (signal?.aborted) return resolve(failed("evaluation aborted"));
      signal?.addEventListener("abort", () => this.cancel(j), { once: true });
      this.queue.push(j);
      this.dispatch();
    });
  }

  /** Terminates every worker; jobs still waiting or running are answered with a diagnostic. */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.resolve(failed("evaluation cancelled: the server is shutting down"));
    await Promise.all(this.slots.splice(0).map((s) => this.retire(s, "evaluation cancelled: the server is shutting down")));
  }

  private dispatch(): void {
    for (let idle = this.idle(); idle && this.queue.length; idle = this.idle()) this.start(idle, this.queue.shift()!);
    // one booting worker per waiting job, up to the pool's size
    const booting = () => this.starting + this.slots.filter((s) => !s.ready).length;
    while (this.slots.length + this.starting < this.opts.size && booting() < this.queue.length) void this.spawn();
  }

  private idle(): Slot | undefined {
    return this.slots.find((s) => s.ready && !s.job);
  }

  private async spawn(): Promise<void> {
    this.starting++;
    let file: string;
    try {
      file = await this.opts.workerFile();
    } catch (e) {
      // nothing can evaluate: refuse what waits rather than leave it hanging
      log().error({ err: e }, "cannot start an evaluation worker");
      for (const j of this.queue.splice(0)) j.reject(e);
      return;
    } finally {
      this.starting--;
    }
    if (this.closed) return;
    // the bundle is plain CommonJS: no inherited loader flags (`--import tsx` would start a
    // TypeScript loader in every worker, on every replacement)
    const resourceLimits = this.opts.memoryMb ? { maxOldGenerationSizeMb: this.opts.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(16, this.opts.memoryMb >> 3)) } : undefined;
    const slot: Slot = { worker: new Worker(file, { execArgv: [], resourceLimits }), ready: false };
    slot.worker.on("message", (m: FromWorker) => this.onMessage(slot, m));
    slot.worker.on("error", (e) => this.lost(slot, e));
    slot.worker.on("exit", (code) => this.lost(slot, new Error(`evaluation worker exited with code ${code}`)));
    this.slots.push(slot);
  }

  private start(slot: Slot, j: Job): void {
    slot.job = j;
    slot.worker.ref();
    slot.timer = setTimeout(() => void this.timedOut(slot, j), this.opts.timeoutMs);
    this.post(slot, { t: "eval", id: j.id, job: j.job });
  }

  private post(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m);
  }

  private finish(slot: Slot, output: EvaluationOutput): void {
    const j = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    slot.worker.unref();
    j?.resolve(output);
    this.dispatch();
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.t === "ready") {
      slot.ready = true;
      this.dispatch();
      // an idle worker must not keep the process alive; start() refs it again
      if (!slot.job) slot.worker.unref();
      return;
    }
    const j = slot.job;
    if (!j || m.id !== j.id) return;
    if (m.t === "done") return this.finish(slot, m.output);
    this.serve(j, m.request).then(
      (value) => slot.job === j && this.post(slot, { t: "reply", id: j.id, call: m.call, ok: true, value }),
      (e) => slot.job === j && this.post(slot, { t: "reply", id: j.id, call: m.call, ok: false, error: toWire(e) }),
    );
  }

  private async serve(j: Job, r: HostCall): Promise<HostReply> {
    const { host } = j;
    switch (r.op) {
      case "load": {
        const l = await host.environments.load(r.name);
        if (l.error !== undefined) return { op: "load", error: l.error };
        const decrypter = l.decrypter ? j.decrypters.push(l.decrypter) - 1 : undefined;
        return "bytes" in l ? { op: "load", bytes: l.bytes, decrypter } : { op: "load", text: l.text, decrypter };
      }
      case "decrypt": {
        const d = j.decrypters[r.decrypter];
        if (!d) throw new Error("unknown decrypter");
        return { op: "decrypt", plaintext: await d.decrypt(r.ciphertext) };
      }
      case "provider": {
        const p = await host.providers.loadProvider(r.name);
        return { op: "provider", name: p.name, inputSchema: p.inputSchema, outputSchema: p.outputSchema };
      }
      case "rotator": {
        const p = await host.providers.loadRotator(r.name);
        return { op: "rotator", name: p.name, inputSchema: p.inputSchema, outputSchema: p.outputSchema, stateSchema: p.stateSchema };
      }
      case "open": {
        const ctx = { context: r.context, signal: j.abort.signal };
        if (r.kind === "provider") return { op: "open", value: await (await host.providers.loadProvider(r.name)).open(r.inputs, ctx) };
        const rot = await host.providers.loadRotator(r.name);
        return { op: "open", value: await (r.fn === "rotate" ? rot.rotate : rot.open).call(rot, r.inputs, r.state as EscValue, ctx) };
      }
    }
  }

  private cancel(j: Job): void {
    j.abort.abort();
    const queued = this.queue.indexOf(j);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      return j.resolve(failed("evaluation aborted"));
    }
    const slot = this.slots.find((s) => s.job === j);
    if (slot) this.post(slot, { t: "abort", id: j.id });
  }

  private async timedOut(slot: Slot, j: Job): Promise<void> {
    if (slot.job !== j) return;
    const secs = this.opts.timeoutMs / 1000;
    await this.retire(slot, `evaluation took longer than ${secs}s and was stopped`);
    this.dispatch();
  }

  /** Removes a worker (terminating it) and answers its job, if any, with `summary`. */
  private async retire(slot: Slot, summary: string): Promise<void> {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    clearTimeout(slot.timer);
    slot.worker.removeAllListeners("exit");
    slot.job?.abort.abort();
    slot.job?.resolve(failed(summary));
    slot.job = undefined;
    await slot.worker.terminate();
  }

  private lost(slot: Slot, e: unknown): void {
    if (!this.slots.includes(slot)) return;
    if ((e as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") {
      void this.retire(slot, `evaluation used more than ${this.opts.memoryMb} MiB of memory and was stopped`).then(() => this.dispatch());
      return;
    }
    log().error({ err: e }, "an evaluation worker failed");
    void this.retire(slot, "evaluation failed unexpectedly; try again").then(() => this.dispatch());
  }
}

const POOL = Symbol.for("ferry.evaluationPool");
type WithPool = typeof globalThis & { [POOL]?: EvaluationPool };

/**
 * The process's pool, sized from the configuration. Kept on globalThis: Next may load this
 * module once per route bundle, and the pool must be one per process.
 */
export function evaluationPool(cfg: { evalWorkers: number; evalTimeoutMs: number; evalMemoryMb: number }): EvaluationPool {
  const g = globalThis as WithPool;
  return (g[POOL] ??= new EvaluationPool({ size: cfg.evalWorkers, timeoutMs: cfg.evalTimeoutMs, maxQueued: 64 * cfg.evalWorkers, workerFile: evalWorkerFile, memoryMb: cfg.evalMemoryMb }));
}
