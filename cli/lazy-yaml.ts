// The yaml package, loaded synchronously on first use: most commands (`ferry run`) never print
// YAML, and loading the package costs a CLI start more than the rest of the command does.
import { createRequire } from "node:module";

type Yaml = typeof import("yaml");
let loaded: Yaml | undefined;

export function yamlPackage(): Yaml {
  // bundled (CommonJS), esbuild resolves this require to its inlined, not yet initialised copy;
  // from source (ES modules) there is no `require`, so one is made for this file
  loaded ??= typeof require === "function" ? (require("yaml") as Yaml) : (createRequire(import.meta.url)("yaml") as Yaml);
  return loaded;
}
