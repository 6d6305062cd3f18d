// Bundles the ferry CLI into one dependency-free file, cli/dist/ferry.cjs, which the console
// serves at /cli/ferry.cjs and (wrapped as an npm package) at /cli/ferry.tgz.
//
// The file is a small loader around the real program, which it carries as a string: V8 only
// scans a string literal, where it would have to pre-parse every function of code, so
// `ferry --version` answers without parsing the program at all, and every other command
// compiles it once, on demand (bench/cli.ts measures both against `node -e 0`).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const CLI_BUNDLE = "cli/dist/ferry.cjs";

/** The loader: answers --version itself, otherwise runs `program` as this file's CommonJS body. */
export function cliLoader(version: string, program: string): string {
  // the program keeps its own `#!` line out: it runs inside a function
  const body = program.replace(/^#![^\n]*\n/, "");
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${body}\n})`;
  return [
    "#!/usr/bin/env node",
    `// ferry ${version}: the program is the string below, compiled only when a command needs it`,
    '"use strict";',
    "const argv = process.argv.slice(2);",
    `if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) process.stdout.write(${JSON.stringify(version + "\n")});`,
    'else {',
    '  const vm = require("node:vm");',
    // a dynamic import() in the program resolves like one in this file (Node ≥ 20.16 has the constant)
    "  const options = { filename: __filename, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER };",
    `  vm.runInThisContext(${JSON.stringify(wrapped)}, options)(exports, require, module, __filename, __dirname);`,
    "}",
    "",
  ].join("\n");
}

export async function buildCliBundle(root: string, outfile = path.join(root, CLI_BUNDLE)): Promise<string> {
  const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  // esbuild is a devDependency: loaded only when a bundle is actually built.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [path.join(root, "cli/bin.ts")],
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    target: "node20",
    minify: true,
    legalComments: "none",
    define: { __FERRY_VERSION__: JSON.stringify(version) },
    logLevel: "warning",
    // cli/lazy-yaml.ts reads import.meta only when run from source, never in this bundle
    logOverride: { "empty-import-meta": "silent" },
  });
  // write: false above, so esbuild does not make the folder (a fresh clone has no cli/dist)
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, cliLoader(version, result.outputFiles[0].text));
  chmodSync(outfile, 0o755);
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  buildCliBundle(path.resolve(import.meta.dirname, "..")).then(
    (f) => console.log(`ferry: CLI bundled to ${path.relative(process.cwd(), f)}`),
    (e) => {
      console.error(`ferry: cannot bundle the CLI: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
