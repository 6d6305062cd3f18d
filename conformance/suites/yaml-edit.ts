// yaml-edit/<case>/: doc.yaml + edits.yaml (`edits: [{<path>: <value>}]`, null deletes) must
// give expected.yaml. The reference re-encodes with go-yaml's 4-space indent, so "bytes" runs the
// edits with the canonical layout; "data" checks that Ferry's default layout-preserving edits
// produce the same data.

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import { deleteValue, setValue, type EditOptions } from "../../lib/esc/edit";
import type { CaseResult, LevelResult, SuiteRunner } from "../types";

type Edit = [path: string, value: unknown];

function readEdits(text: string): Edit[] {
  const doc = parse(text) as { edits?: Record<string, unknown>[] } | null;
  const out: Edit[] = [];
  for (const entry of doc?.edits ?? []) for (const [k, v] of Object.entries(entry)) out.push([k, v]);
  return out;
}

function applyEdits(doc: string, edits: Edit[], opts: EditOptions): string {
  let text = doc;
  for (const [p, v] of edits) text = v === null ? deleteValue(text, p, opts) : setValue(text, p, v, opts);
  return text;
}

function diff(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}: expected ${JSON.stringify(e[i] ?? "<eof>")}, got ${JSON.stringify(a[i] ?? "<eof>")}`;
  }
  return "texts differ";
}

function level(name: string, run: () => { pass: boolean; detail?: string }): LevelResult {
  try {
    const r = run();
    return r.pass ? { level: name, pass: true } : { level: name, pass: false, detail: r.detail };
  } catch (e) {
    return { level: name, pass: false, detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

export const runYamlEditSuite: SuiteRunner = async (opts) => {
  const dir = path.join(opts.root, "yaml-edit");
  const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const results: CaseResult[] = [];
  for (const name of names) {
    if (opts.caseName && opts.caseName !== name) continue;
    const read = (f: string) => readFile(path.join(dir, name, f), "utf8");
    const [doc, editsText, expected] = await Promise.all([read("doc.yaml"), read("edits.yaml"), read("expected.yaml")]);
    const edits = readEdits(editsText);
    const levels = [
      level("bytes", () => {
        const out = applyEdits(doc, edits, { layout: "canonical", indent: 4 });
        return out === expected ? { pass: true } : { pass: false, detail: diff(expected, out) };
      }),
      level("data", () => {
        const out = applyEdits(doc, edits, {});
        const pass = isDeepStrictEqual(parse(out), parse(expected));
        return pass ? { pass } : { pass, detail: `preserved-layout result ${JSON.stringify(out)} differs in data from expected.yaml` };
      }),
    ];
    results.push({ suite: "yaml-edit", name, levels, passed: levels.every((l) => l.pass || l.informational) });
  }
  return results;
};
