// A process that evaluates once through a pool and then has nothing left to do: it must exit
// (idle workers hold no reference), printing the evaluation. Used by lib/evaluation/pool.test.ts.
import { EvaluationPool } from "../lib/evaluation/pool";
import { evalWorkerFile } from "../lib/evaluation/worker-bundle";
import { createProviderRegistry } from "../lib/esc";
const p = new EvaluationPool({ size: 2, timeoutMs: 5000, maxQueued: 10, workerFile: evalWorkerFile });
const r = await p.run({ mode: "open", name: "a/b", yaml: "values: {a: 1}", context: {} }, { decrypter: { decrypt: (c) => c }, environments: { load: () => ({ error: "x" }) }, providers: createProviderRegistry() });
console.log(JSON.stringify(r.properties));
