// Playwright's global teardown: after the whole browser suite, the console's own output must hold
// none of what the specs planted or used (issue 13: "a test plants a secret, runs the e2e suite and
// scans all logs for it"). The specs' fn::secret values, the sign-up password, and any Ferry token
// (access, run, invitation): pino's redaction, route templates instead of URLs and scrubbed errors
// (lib/ops/log.ts) are what keep them out.
import { existsSync, readFileSync } from "node:fs";
import { PASSWORD } from "./console";
import { E2E_SERVER_LOG } from "./paths";

const PLANTED: { name: string; pattern: RegExp }[] = [
  { name: "a secret value the specs plant (…hunter2…)", pattern: /hunter2/ },
  { name: "a secret value the specs plant (s3cr3t-value)", pattern: /s3cr3t-value/ },
  { name: "the specs' password", pattern: new RegExp(PASSWORD) },
  { name: "a Ferry token", pattern: /fry_(?:pat|run|inv)_[A-Za-z0-9_-]{16,}/ },
];

export default async function scanLogs(): Promise<void> {
  if (!existsSync(E2E_SERVER_LOG)) throw new Error(`secret scan: ${E2E_SERVER_LOG} is missing; the console's output was not captured`);
  const lines = readFileSync(E2E_SERVER_LOG, "utf8").split("\n");
  const hits: string[] = [];
  // Once it serves, the console writes JSON lines only: a log shipper parses each one, and text
  // from a library (next-auth's logger, Next's request errors) would bypass the scrubbing too
  // (lib/auth/auth-log.ts, server/console-log.ts). Before that: the build and startup lines.
  let serving = false;
  lines.forEach((line, i) => {
    for (const p of PLANTED) if (p.pattern.test(line)) hits.push(`line ${i + 1}: ${p.name}`);
    if (serving && line.trim() !== "" && !isJsonObject(line)) hits.push(`line ${i + 1}: text outside the JSON log: ${line.slice(0, 120)}`);
    if (line.startsWith("ferry: serving ")) serving = true;
  });
  if (!serving) hits.push("the console never said it was serving");
  console.log(`secret scan: ${lines.length} lines of console output, ${hits.length} hits`);
  if (hits.length) throw new Error(`secret scan: the console logged what it must not:\n${hits.slice(0, 20).join("\n")}`);
}

function isJsonObject(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
