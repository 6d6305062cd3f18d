// Conformance runner: `npm run conformance [-- --dir DIR] [--case NAME]`.
// Runs every suite over the corpus and prints one line per case and level, then totals.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runEvalSuite } from "./suites/eval";
import { runParseSuite } from "./suites/parse";
import { runCliSuite } from "./suites/cli";
import type { CaseResult, SuiteRunner } from "./types";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");

function parseArgs(argv: string[]): { root: string; caseName?: string; cli: boolean } {
  let root = path.resolve(repoRoot, "../shared/conformance/esc");
  let caseName: string | undefined;
  let cli = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--dir") root = path.resolve(argv[++i]);
    else if (argv[i] === "--case") caseName = argv[++i];
    else if (argv[i] === "--no-cli") cli = false;
  }
  return { root, caseName, cli };
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
  const { root, caseName, cli } = parseArgs(process.argv.slice(2));
  const suites: [string, SuiteRunner | undefined][] = [
    ["eval", runEvalSuite],
    ["parse", runParseSuite],
    ["crypt", await optionalSuite("crypt", "runCryptSuite")],
    ["yaml-edit", await optionalSuite("yaml-edit", "runYamlEditSuite")],
    // starts a console (npm start: builds it when the sources changed); --no-cli leaves it out
    ["cli", cli ? runCliSuite : undefined],
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
      if (r.skipped) console.log(`SKIP ${r.suite}/${r.name}: ${r.skipped}`);
      for (const l of r.levels) {
        const tag = l.pass ? "PASS" : l.informational ? "INFO-FAIL" : "FAIL";
        console.log(`${tag} ${r.suite}/${r.name} ${l.level}${!l.pass && l.detail ? `: ${l.detail}` : ""}`);
      }
    }
    results.push(...rs);
  }
  // The esc CLI transcripts measure how closely ferry follows esc's output (a score, like the
  // informational levels). Those listed in conformance/cli/passing.txt passed once and gate: a
  // regression fails the run; the rest are a score until ferry matches them.
  const cliResults = results.filter((r) => r.suite === "cli");
  const mustPass = cliBaseline();
  if (cliResults.length) {
    const count = (f: (r: CaseResult) => boolean) => cliResults.filter(f).length;
    console.log(`cli transcripts: ${count((r) => r.passed)} passed, ${count((r) => !r.passed && !r.skipped)} failed, ${count((r) => !!r.skipped)} skipped (of ${cliResults.length})`);
    const newlyPassing = cliResults.filter((r) => r.passed && !mustPass.has(r.name)).map((r) => r.name);
    if (newlyPassing.length) console.log(`cli transcripts passing but not in conformance/cli/passing.txt (add them): ${newlyPassing.join(", ")}`);
  }
  const gating = results.filter((r) => r.suite !== "cli" || r.name === "(suite)" || mustPass.has(r.name));
  const passed = gating.filter((r) => r.passed).length;
  const failed = gating.length - passed;
  for (const r of gating) if (r.suite === "cli" && !r.passed) console.log(`REGRESSION cli/${r.name}: listed in conformance/cli/passing.txt`);
  const l3 = pct(results, "3-ranges");
  const full = pct(results, "4-full");
  if (l3) console.log(`level-3 ranges: ${l3}`);
  if (full) console.log(`full-structure: ${full}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

/** Transcript names that passed once and must keep passing (one per line, # comments). */
function cliBaseline(): Set<string> {
  const file = path.join(here, "cli", "passing.txt");
  if (!fs.existsSync(file)) return new Set();
  return new Set(fs.readFileSync(file, "utf8").split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
