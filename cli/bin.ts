#!/usr/bin/env node
// Entry point of `ferry` (from source: `npm run ferry -- <args>`; bundled: cli/dist/ferry.cjs).
import { main } from "./main";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`error: ${e instanceof Error ? (process.env.FERRY_DEBUG ? e.stack : e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
