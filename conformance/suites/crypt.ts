// crypt/<n>.{plaintext,ciphertext}.yaml: encryptSecrets(plaintext, rot128) must equal the
// ciphertext file byte for byte, and decryptSecrets(ciphertext) the plaintext file (TestCrypt).

import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { decryptSecrets, encryptSecrets, rot128 } from "../../lib/esc/edit";
import type { CaseResult, LevelResult, SuiteRunner } from "../types";

function diff(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}: expected ${JSON.stringify(e[i] ?? "<eof>")}, got ${JSON.stringify(a[i] ?? "<eof>")}`;
  }
  return "texts differ";
}

async function level(name: string, expected: string, run: () => Promise<string>): Promise<LevelResult> {
  try {
    const out = await run();
    return out === expected ? { level: name, pass: true } : { level: name, pass: false, detail: diff(expected, out) };
  } catch (e) {
    return { level: name, pass: false, detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

export const runCryptSuite: SuiteRunner = async (opts) => {
  const dir = path.join(opts.root, "crypt");
  const names = [...new Set((await readdir(dir)).map((f) => /^(.*)\.plaintext\.yaml$/.exec(f)?.[1]).filter((n): n is string => !!n))].sort();
  const results: CaseResult[] = [];
  for (const name of names) {
    if (opts.caseName && opts.caseName !== name) continue;
    const plaintext = await readFile(path.join(dir, `${name}.plaintext.yaml`), "utf8");
    const ciphertext = await readFile(path.join(dir, `${name}.ciphertext.yaml`), "utf8");
    const levels = [
      await level("encrypt-bytes", ciphertext, () => encryptSecrets(plaintext, rot128)),
      await level("decrypt-bytes", plaintext, () => decryptSecrets(ciphertext, rot128)),
      await level("round-trip-bytes", plaintext, async () => decryptSecrets(await encryptSecrets(plaintext, rot128), rot128)),
      {
        ...(await level("canonical-bytes", ciphertext, () => encryptSecrets(plaintext, rot128, { layout: "canonical", indent: 2 }))),
        informational: true,
      },
    ];
    results.push({ suite: "crypt", name, levels, passed: levels.every((l) => l.pass || l.informational) });
  }
  return results;
};
