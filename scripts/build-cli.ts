// Bundles the ferry CLI into one dependency-free file, cli/dist/ferry.cjs, which the console
// serves at /cli/ferry.cjs and (wrapped as an npm package) at /cli/ferry.tgz.
import { chmodSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const CLI_BUNDLE = "cli/dist/ferry.cjs";

export async function buildCliBundle(root: string): Promise<string> {
  const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  const outfile = path.join(root, CLI_BUNDLE);
  // esbuild is a devDependency: loaded only when a bundle is actually built.
  const { build } = await import("esbuild");
  await build({
    entryPoints: [path.join(root, "cli/bin.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    minify: true,
    legalComments: "none",
    define: { __FERRY_VERSION__: JSON.stringify(version) },
    logLevel: "warning",
  });
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
