// Vitest global setup: the evaluation worker is a bundle (lib/evaluation/worker-bundle.ts); tests
// rebuild it from the current sources so they never run a stale one left by an earlier build.
import path from "node:path";
import { buildEvalWorker } from "../lib/evaluation/worker-bundle";

export default async function setup() {
  await buildEvalWorker(path.resolve(import.meta.dirname, ".."));
}
