// Projections consumed by `esc run`, `esc open --format ...` and the console (LANGUAGE.md §10):
// environment variables, temporary files and Pulumi config.

import { escValueToString, type EscValue } from "./export";
import type { Environment } from "./environment";
import { setOwn } from "./own";

export interface ProjectedValue {
  value: string;
  secret: boolean;
}

function scalars(v: EscValue | undefined, redact: boolean): Record<string, ProjectedValue> {
  const out: Record<string, ProjectedValue> = {};
  const obj = v?.value;
  if (!obj || typeof obj !== "object" || Array.isArray(obj) || v?.unknown) return out;
  for (const k of Object.keys(obj).sort()) {
    const e = obj[k];
    const x = e.value;
    if (x !== null && x !== undefined && typeof x === "object" && !e.unknown) continue;
    setOwn(out, k, { value: escValueToString(e, redact), secret: !!e.secret });
  }
  return out;
}

/** `environmentVariables`: scalar entries only, stringified; objects and arrays are skipped. */
export function getEnvironmentVariables(env: Environment | undefined, redact = false): Record<string, ProjectedValue> {
  return scalars(env?.properties?.environmentVariables, redact);
}

/** `files`: env var name → file content, same rule as environment variables. */
export function getTemporaryFiles(env: Environment | undefined, redact = false): Record<string, ProjectedValue> {
  return scalars(env?.properties?.files, redact);
}

/** `pulumiConfig`: passed through as-is (the Pulumi CLI interprets it). */
export function getPulumiConfig(env: Environment | undefined): EscValue | undefined {
  return env?.properties?.pulumiConfig;
}
