// The CLI as the console serves it: the bundle built by scripts/build-cli.ts, and an npm package
// around it that also records this console's URL, so `npx -y <url>/cli/ferry.tgz run --token …`
// needs nothing installed and no login.
import "server-only";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { config } from "../config";
import { AppError } from "../errors";
import { npmTarball } from "./npm-tarball";

const bundlePath = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "cli/dist/ferry.cjs");
const packageVersion = () => {
  try {
    return (JSON.parse(readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
};

let cache: { key: string; bundle: Buffer; tarball: Buffer } | undefined;

function load() {
  const file = bundlePath();
  if (!existsSync(file)) throw new AppError("not_found", "The CLI bundle has not been built on this server (npm run build builds it).");
  const st = statSync(file);
  const key = `${st.mtimeMs}:${st.size}:${config().url}`;
  if (cache?.key === key) return cache;
  const bundle = readFileSync(file);
  const pkg = {
    name: "ferry-cli",
    version: packageVersion(),
    description: "Ferry CLI (single file, no dependencies)",
    license: "Apache-2.0",
    bin: { ferry: "ferry.cjs" },
    engines: { node: ">=20" },
  };
  const tarball = npmTarball(
    [
      { name: "package.json", content: JSON.stringify(pkg, null, 2) + "\n" },
      { name: "ferry.cjs", content: bundle, mode: 0o755 },
      { name: "ferry-origin.json", content: JSON.stringify({ url: config().url }) + "\n" },
    ],
    Math.floor(st.mtimeMs / 1000),
  );
  cache = { key, bundle, tarball };
  return cache;
}

export function cliBundle(): Buffer {
  return load().bundle;
}

export function cliTarball(): Buffer {
  return load().tarball;
}
