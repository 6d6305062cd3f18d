// What libraries print with console.error and console.warn while the console serves (Next's own
// request errors, such as a server action id it does not know, or a dependency's warning) goes
// into the JSON log as one line, its text cleaned like every logged error. Left alone it is
// multi-line text with raw exception messages and stacks, outside the log a shipper parses and
// outside its scrubbing, and anyone can provoke Next's with a made-up action id.
// console.log is left alone: nothing on the request path uses it, and startup lines stay readable.
import { format } from "node:util";
import { log, scrub } from "../lib/ops/log";

type Level = "error" | "warn";

function toLog(level: Level, args: unknown[]): void {
  const err = args.find((a) => a instanceof Error);
  const text = format(...args.filter((a) => a !== err).map((a) => (typeof a === "string" ? a : a instanceof Object ? "[object]" : String(a))));
  // the first line says what happened; the rest of library text is context or a stack
  const firstLine = (t: string) => t.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
  const message = scrub(firstLine(text) || (err ? firstLine(err.message) : "")).slice(0, 300);
  log()[level]({ source: "console", ...(err ? { err } : {}) }, message || "(an empty line)");
}

/** Routes console.error and console.warn into the log; returns what restores them. */
export function routeConsoleToLog(): () => void {
  const original = { error: console.error, warn: console.warn };
  console.error = (...args: unknown[]) => toLog("error", args);
  console.warn = (...args: unknown[]) => toLog("warn", args);
  return () => Object.assign(console, original);
}
