// The eval/ suite: load → check → eval (→ rotate) per case, compared level by level
// (ESC_CONFORMANCE.md §1.2, §3).

import fs from "node:fs";
import path from "node:path";
import {
  checkEnvironment,
  environmentToJson,
  evalEnvironment,
  loadEnvironment,
  rotateEnvironment,
  type EnvironmentLoader,
  type EvaluateOptions,
} from "../../lib/esc";
import { rot128, testRegistry } from "../test-providers";
import { compareDiags, deepEqual, firstDiff, type ExpectedDiag } from "../tolerances";
import type { CaseResult, LevelResult, SuiteRunner } from "../types";

interface Overrides {
  showSecrets?: boolean;
  rootEnvironment?: string;
  rotate?: boolean;
  rotatePaths?: string[];
}

type Expected = Record<string, unknown> & {
  loadDiags?: ExpectedDiag[];
  checkDiags?: ExpectedDiag[];
  evalDiags?: ExpectedDiag[];
  rotateDiags?: ExpectedDiag[];
};

/** Loads `<caseDir>/<name>.yaml`, reporting a missing file with Go's error text. */
export function caseLoader(caseDir: string, caseName: string): EnvironmentLoader {
  return {
    load(name) {
      const file = path.join(caseDir, `${name}.yaml`);
      try {
        return { text: fs.readFileSync(file, "utf8"), decrypter: rot128 };
      } catch {
        return { error: `open testdata/eval/${caseName}/${name}.yaml: no such file or directory` };
      }
    },
  };
}

function readJson<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : undefined;
}

export async function runEvalCase(dir: string, caseName: string): Promise<CaseResult> {
  const expected = readJson<Expected>(path.join(dir, "expected.json")) ?? {};
  const ov = readJson<Overrides>(path.join(dir, "overrides.json")) ?? {};
  const name = ov.rootEnvironment ?? caseName;
  const text = fs.readFileSync(path.join(dir, "env.yaml"), "utf8");
  const load = loadEnvironment(name, text);
  const opts: EvaluateOptions = {
    name,
    env: load.env,
    decrypter: rot128,
    providers: testRegistry(),
    rotators: testRegistry(),
    environments: caseLoader(dir, caseName),
    context: { pulumi: { user: { id: "USER_123" } } },
  };
  const check = await checkEnvironment({ ...opts, showSecrets: ov.showSecrets });
  const evald = await evalEnvironment(opts);
  const rotate = ov.rotate ? await rotateEnvironment({ ...opts, rotatePaths: ov.rotatePaths }) : undefined;

  const levels: LevelResult[] = [];
  // level 1: plain-JSON projections
  const json: [string, unknown][] = [
    ["checkJson", check.env && environmentToJson(check.env, true)],
    ["evalJsonRedacted", evald.env && environmentToJson(evald.env, true)],
    ["evalJSONRevealed", evald.env && environmentToJson(evald.env, false)],
  ];
  const jsonDiffs = json
    .map(([k, v]) => {
      const d = firstDiff(expected[k], v);
      return d ? `${k}${d}` : undefined;
    })
    .filter(Boolean);
  levels.push({ level: "1-json", pass: jsonDiffs.length === 0, detail: jsonDiffs.join(" | ") || undefined });

  // level 2/3: diagnostics per phase
  const phases: [string, ExpectedDiag[] | undefined, typeof load.diagnostics][] = [
    ["load", expected.loadDiags, load.diagnostics],
    ["check", expected.checkDiags, check.diagnostics],
    ["eval", expected.evalDiags, evald.diagnostics],
  ];
  if (rotate) phases.push(["rotate", expected.rotateDiags, rotate.diagnostics]);
  for (const [lvl, ranges] of [
    ["2-diags", false],
    ["3-ranges", true],
  ] as const) {
    const diffs = phases.map(([p, e, a]) => compareDiags(p, e, a, ranges)).filter(Boolean);
    levels.push({ level: lvl, pass: diffs.length === 0, detail: diffs.join(" | ") || undefined, informational: ranges });
  }

  // full structure (informational): whole environments after a JSON round trip
  const full: string[] = [];
  const rt = (x: unknown) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  for (const [k, env] of [
    ["check", check.env],
    ["eval", evald.env],
    ["rotate", rotate?.env],
  ] as const) {
    if (k === "rotate" && !rotate) continue;
    const d = firstDiff(expected[k], rt(env));
    if (d) full.push(`${k}${d}`);
  }
  if (rotate) {
    const patches = rotate.patches.map((p) => ({ DocPath: p.docPath, Replacement: p.replacement }));
    const e = expected.rotatePatches ?? [];
    if (!deepEqual(e, rt(patches))) full.push(`rotatePatches${firstDiff(e, rt(patches))}`);
  }
  levels.push({ level: "4-full", pass: full.length === 0, detail: full[0], informational: true });

  return { suite: "eval", name: caseName, levels, passed: levels.every((l) => l.informational || l.pass) };
}

export const runEvalSuite: SuiteRunner = async ({ root, caseName }) => {
  const base = path.join(root, "eval");
  if (!fs.existsSync(base)) return [];
  const cases = fs
    .readdirSync(base)
    .filter((c) => c !== "bench" && fs.existsSync(path.join(base, c, "env.yaml")))
    .filter((c) => !caseName || c === caseName)
    .sort();
  const out: CaseResult[] = [];
  for (const c of cases) {
    try {
      out.push(await runEvalCase(path.join(base, c), c));
    } catch (e) {
      const detail = `threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`.slice(0, 400);
      out.push({ suite: "eval", name: c, levels: [{ level: "run", pass: false, detail }], passed: false });
    }
  }
  return out;
};
