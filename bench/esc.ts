// ESC evaluation benchmark: check and open time per document versus parsing the same YAML text
// with the `yaml` package alone (target: ≤ 2x). Documents: the corpus `bench` case (26 imports)
// and a generated environment with 2,000 values, 500 interpolations and 20 imports.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { checkEnvironment, evalEnvironment, loadEnvironment, type EnvironmentLoader } from "../lib/esc";
import { rot128, testRegistry } from "../conformance/test-providers";

interface Doc {
  name: string;
  root: string;
  envs: Record<string, string>;
}

function corpusBench(): Doc | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.resolve(here, "../../shared/conformance/esc/eval/bench");
  if (!fs.existsSync(dir)) return undefined;
  const envs: Record<string, string> = {};
  for (const f of fs.readdirSync(dir)) if (f.endsWith(".yaml") && f !== "env.yaml") envs[f.slice(0, -5)] = fs.readFileSync(path.join(dir, f), "utf8");
  return { name: "corpus bench (26 imports)", root: fs.readFileSync(path.join(dir, "env.yaml"), "utf8"), envs };
}

function generated(): Doc {
  const envs: Record<string, string> = {};
  const imports: string[] = [];
  for (let i = 0; i < 20; i++) {
    const name = `imp${i}`;
    imports.push(name);
    let t = "values:\n";
    for (let j = 0; j < 25; j++) t += `  shared${j}:\n    from${i}: value ${i}-${j}\n    n: ${j}\n`;
    t += `  only${i}: ${i}\n`;
    envs[name] = t;
  }
  let root = `imports:\n${imports.map((n) => `  - ${n}\n`).join("")}values:\n`;
  // 2,000 values: 1,500 literals (numbers, strings, booleans) and 500 interpolations
  for (let i = 0; i < 300; i++) {
    root += `  group${i}:\n`;
    root += `    name: item-${i}\n    count: ${i}\n    enabled: ${i % 2 === 0}\n    ratio: ${i}.5\n    tag: t${i}\n`;
  }
  for (let i = 0; i < 500; i++) {
    root += `  ref${i}: "\${group${i % 300}.name}/\${only${i % 20}}:\${shared${i % 25}.n}"\n`;
  }
  root += `  password:\n    fn::secret:\n      ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==\n`;
  root += `  environmentVariables:\n    A: \${ref1}\n    B: \${password}\n`;
  return { name: "generated (2,000 values, 500 interpolations, 20 imports)", root, envs };
}

function loader(doc: Doc): EnvironmentLoader {
  return { load: (n) => (doc.envs[n] !== undefined ? { text: doc.envs[n], decrypter: rot128 } : { error: `no ${n}` }) };
}

async function once(fn: () => unknown, minMs: number): Promise<number> {
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < minMs) {
    await fn();
    n++;
  }
  return (performance.now() - t) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Interleaved rounds, median per function: robust against a busy machine. */
async function timeAll(fns: (() => unknown)[], rounds = 7, minMs = 150): Promise<number[]> {
  for (const fn of fns) for (let i = 0; i < 20; i++) await fn();
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) for (let i = 0; i < fns.length; i++) samples[i].push(await once(fns[i], minMs));
  return samples.map(median);
}

export async function main(): Promise<void> {
  const docs = [corpusBench(), generated()].filter((d): d is Doc => !!d);
  const rows: string[][] = [["document", "yaml parse", "check", "open", "check/yaml", "open/yaml"]];
  for (const doc of docs) {
    const texts = [doc.root, ...Object.values(doc.envs)];
    const run = (fn: typeof checkEnvironment) => async () => {
      const { env, diagnostics } = loadEnvironment("bench", doc.root);
      if (diagnostics.length) throw new Error(diagnostics[0].summary);
      return fn({ name: "bench", env, decrypter: rot128, providers: testRegistry(), environments: loader(doc) });
    };
    const r = await run(evalEnvironment)();
    if (r.diagnostics.length) throw new Error(`${doc.name}: ${r.diagnostics[0].summary}`);
    const [yamlMs, checkMs, openMs] = await timeAll([
      () => texts.forEach((t) => parseDocument(t)),
      run(checkEnvironment),
      run(evalEnvironment),
    ]);
    rows.push([
      doc.name,
      `${yamlMs.toFixed(2)} ms`,
      `${checkMs.toFixed(2)} ms`,
      `${openMs.toFixed(2)} ms`,
      `${(checkMs / yamlMs).toFixed(2)}x`,
      `${(openMs / yamlMs).toFixed(2)}x`,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  "));
}
