#!/usr/bin/env node
// Entry point of `ferry` (from source: `npm run ferry -- <args>`; bundled: cli/dist/ferry.cjs).
// `--version` answers before the commands are loaded, so scripts that probe it stay fast.
import { VERSION } from "./version";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  import("./main")
    .then(({ main }) => main(argv))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e) => {
        process.stderr.write(`error: ${e instanceof Error ? (process.env.FERRY_DEBUG ? e.stack : e.message) : String(e)}\n`);
        process.exitCode = 1;
      },
    );
}
