// Bundles the evaluation worker (lib/evaluation/worker-entry.ts) into dist/eval-worker.cjs, the
// file the console's worker threads run (lib/evaluation/worker-bundle.ts says why a bundle).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildEvalWorker } from "../lib/evaluation/worker-bundle";

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  buildEvalWorker(path.resolve(import.meta.dirname, "..")).then(
    (f) => console.log(`ferry: evaluation worker bundled to ${path.relative(process.cwd(), f)}`),
    (e) => {
      console.error(`ferry: cannot bundle the evaluation worker: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
