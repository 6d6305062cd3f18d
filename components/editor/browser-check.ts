"use client";

// The live check, run in the browser on every pause in typing: the language core in a Web Worker
// (check-worker.ts) with imported definitions fetched from the server once and cached for the
// page's life. A check still running when the text changes again is superseded: its result is
// dropped, and if it has already run for a while its worker is terminated rather than left to
// finish work nobody will read (a young one is left to finish: starting a worker again costs more
// than the few milliseconds an ordinary check takes, seconds on a busy machine). A check past
// its budget is stopped with a diagnostic.
import type { ImportDefinition } from "@/lib/environments/imports";
import type { FromCheckWorker, LiveCheck, ToCheckWorker } from "./live-check-protocol";

export type { LiveCheck };

/** A live check that has run this long is stopped (the server's own budget is FERRY_EVAL_TIMEOUT). */
export const LIVE_CHECK_BUDGET_MS = 10_000;

/** A superseded check younger than this finishes in its worker (its result unread); an older one is terminated. */
const SUPERSEDED_KEEP_MS = 250;

export type FetchImports = (names: string[]) => Promise<Record<string, ImportDefinition>>;

export interface ImportLoader {
  load(name: string): Promise<ImportDefinition>;
}

export function cachedImportLoader(fetchImports: FetchImports): ImportLoader {
  const cache = new Map<string, Promise<ImportDefinition>>();
  return {
    load(name) {
      let hit = cache.get(name);
      if (!hit) {
        hit = fetchImports([name]).then(
          (m) => m[name] ?? { error: `environment "${name}" not found` },
          () => {
            cache.delete(name); // a network failure is retried on the next check
            return { error: `could not load environment "${name}"` };
          },
        );
        cache.set(name, hit);
      }
      return hit;
    },
  };
}

const stopped = (summary: string, ms: number): LiveCheck => ({ properties: {}, diagnostics: [{ severity: "error", summary }], ms });

export class LiveChecker {
  private worker?: Worker;
  private running?: { id: number; settle: (c: LiveCheck | null) => void; timer: ReturnType<typeof setTimeout>; startedAt: number };
  private nextId = 1;

  constructor(private readonly imports: ImportLoader) {}

  /** Resolves with the check, or null when a newer check (or dispose) superseded it. */
  check(name: string, text: string, context: Record<string, unknown>): Promise<LiveCheck | null> {
    if (this.running) this.supersede(this.running);
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    const t0 = performance.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.stop(stopped(`live check took longer than ${LIVE_CHECK_BUDGET_MS / 1000}s and was stopped`, performance.now() - t0)), LIVE_CHECK_BUDGET_MS);
      this.running = { id, settle: resolve, timer, startedAt: t0 };
      this.post(worker, { t: "check", id, name, text, context });
    });
  }

  dispose(): void {
    if (this.running) this.stop(null);
    this.worker?.terminate();
    this.worker = undefined;
  }

  private spawn(): Worker {
    const w = new Worker(new URL("./check-worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (e: MessageEvent<FromCheckWorker>) => void this.onMessage(w, e.data);
    w.onerror = () => this.stop(stopped("the live check failed; it runs again on your next edit", 0));
    return w;
  }

  private post(w: Worker, m: ToCheckWorker) {
    w.postMessage(m);
  }

  private async onMessage(w: Worker, m: FromCheckWorker) {
    if (m.t === "done") {
      if (!this.running || m.id !== this.running.id) return; // a superseded check's result
      clearTimeout(this.running.timer);
      const { settle } = this.running;
      this.running = undefined;
      return settle(m.check);
    }
    // answered for superseded checks too, so they finish and free the worker for the next one
    const def = await this.imports.load(m.name);
    if (this.worker === w) this.post(w, { t: "loaded", call: m.call, def });
  }

  private supersede(r: NonNullable<LiveChecker["running"]>) {
    if (performance.now() - r.startedAt >= SUPERSEDED_KEEP_MS) return this.stop(null);
    clearTimeout(r.timer);
    this.running = undefined;
    r.settle(null);
  }

  /** Ends the running check with `result`, terminating its worker (a fresh one starts next time). */
  private stop(result: LiveCheck | null) {
    const r = this.running;
    if (!r) return;
    clearTimeout(r.timer);
    this.running = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    r.settle(result);
  }
}
