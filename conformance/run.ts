// Conformance runner: `npm run conformance [-- --dir DIR] [--case NAME]`.
// Runs every suite over the corpus and prints one line per case and level, then totals.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runEvalSuite } from "./suites/eval";
import { runParseSuite } from "./suites/parse";
import type { CaseResult, SuiteRunner } from "./types";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");

function parseArgs(argv: string[]): { root: string; caseName?: string } {
  let root = path.resolve(repoRoot, "../shared/conformance/esc");
  let caseName: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--dir") root = path.resolve(argv[++i]);
    else if (argv[i] === "--case") caseName = argv[++i];
  }
  return { root, caseName };
}

/** Suites owned by other modules are optional until they land. */
async function optionalSuite(file: string, exportName: string): Promise<SuiteRunner | undefined> {
  const full = path.join(here, "suites", file);
  if (![".ts", ".js"].some((ext) => fs.existsSync(full + ext))) return undefined;
  const mod = (await import(pathToFileURL(full + (fs.existsSync(full + ".ts") ? ".ts" : ".js")).href)) as Record<
    string,
    unknown
  >;
  return typeof mod[exportName] === "function" ? (mod[exportName] as SuiteRunner) : undefined;
}

function pct(results: CaseResult[], level: string): string | undefined {
  const ls = results.flatMap((r) => r.levels.filter((l) => l.level === level));
  if (!ls.length) return undefined;
  const n = ls.filter((l) => l.pass).length;
  return `${((100 * n) / ls.length).toFixed(1)}% (${n}/${ls.length})`;
}

async function main(): Promise<void> {
  const { root, caseName } = parseArgs(process.argv.slice(2));
  const suites: [string, SuiteRunner | undefined][] = [
    ["eval", runEvalSuite],
    ["parse", runParseSuite],
    ["crypt", await optionalSuite("crypt", "runCryptSuite")],
    ["yaml-edit", await optionalSuite("yaml-edit", "runYamlEditSuite")],
  ];
  const results: CaseResult[] = [];
  for (const [name, run] of suites) {
    if (!run) {
      console.log(`suite ${name}: not present`);
      continue;
    }
    if (!fs.existsSync(path.join(root, name))) {
      console.log(`suite ${name}: no ${name}/ folder in ${root}`);
      continue;
    }
    let rs: CaseResult[];
    try {
      rs = await run({ root, caseName });
    } catch (e) {
      // a crashing suite counts as one failed case rather than hiding the others' results
      const detail = e instanceof Error ? e.message : String(e);
      rs = [{ suite: name as CaseResult["suite"], name: "(suite)", levels: [{ level: "run", pass: false, detail }], passed: false }];
    }
    for (const r of rs) {
      for (const l of r.levels) {
        const tag = l.pass ? "PASS" : l.informational ? "INFO-FAIL" : "FAIL";
        console.log(`${tag} ${r.suite}/${r.name} ${l.level}${!l.pass && l.detail ? `: ${l.detail}` : ""}`);
      }
    }
    results.push(...rs);
  }
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  const l3 = pct(results, "3-ranges");
  const full = pct(results, "4-full");
  if (l3) console.log(`level-3 ranges: ${l3}`);
  if (full) console.log(`full-structure: ${full}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
