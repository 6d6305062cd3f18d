// Where the evaluation worker's code comes from. A worker needs a plain JavaScript file: the
// console runs from Next's bundle (no TypeScript loader) and tests run under vitest/tsx, so the
// entry (worker-entry.ts, with lib/esc and its two dependencies) is bundled by esbuild into one
// .cjs file. `npm run build` and `npm start` write it to dist/eval-worker.cjs; when it is missing
// (tests, a checkout that was never built) it is built on first use, which needs esbuild, a
// devDependency.

import { existsSync } from "node:fs";
import path from "node:path";

export const EVAL_WORKER_BUNDLE = "dist/eval-worker.cjs";

export async function buildEvalWorker(root: string, outfile = path.join(root, EVAL_WORKER_BUNDLE)): Promise<string> {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [path.join(root, "lib/evaluation/worker-entry.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  return outfile;
}

let building: Promise<string> | undefined;

/** The bundle's path, building it once per process if it is not there. */
export function evalWorkerFile(): Promise<string> {
  const root = /*turbopackIgnore: true*/ process.cwd();
  const file = path.join(root, EVAL_WORKER_BUNDLE);
  if (existsSync(file)) return Promise.resolve(file);
  return (building ??= buildEvalWorker(root, file).catch((e) => {
    building = undefined;
    throw e;
  }));
}
