// The parse/ suite: load diagnostics of each env.yaml (the Go AST dump in `decl` is
// Go-specific and not compared; ESC_CONFORMANCE.md §2).

import fs from "node:fs";
import path from "node:path";
import { loadEnvironment } from "../../lib/esc";
import { compareDiags, type ExpectedDiag } from "../tolerances";
import type { CaseResult, LevelResult, SuiteRunner } from "../types";

export const runParseSuite: SuiteRunner = async ({ root, caseName }) => {
  const base = path.join(root, "parse");
  if (!fs.existsSync(base)) return [];
  const out: CaseResult[] = [];
  for (const c of fs.readdirSync(base).sort()) {
    if (caseName && c !== caseName) continue;
    const dir = path.join(base, c);
    if (!fs.existsSync(path.join(dir, "env.yaml"))) continue;
    const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8")) as { diags?: ExpectedDiag[] };
    const { diagnostics } = loadEnvironment(c, fs.readFileSync(path.join(dir, "env.yaml"), "utf8"));
    const levels: LevelResult[] = [];
    for (const [lvl, ranges] of [
      ["2-diags", false],
      ["3-ranges", true],
    ] as const) {
      const d = compareDiags("parse", expected.diags, diagnostics, ranges);
      levels.push({ level: lvl, pass: !d, detail: d, informational: ranges });
    }
    out.push({ suite: "parse", name: c, levels, passed: levels.every((l) => l.informational || l.pass) });
  }
  return out;
};
