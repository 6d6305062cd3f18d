// Rendering opened environments as `esc open` does (json, yaml, dotenv, shell, string) and the
// projection `run` injects.
import { stringify } from "yaml";
import { escValueToJson, escValueToString, type EscValue } from "../lib/esc/export";
import { goQuote } from "../lib/esc/go-text";
import type { ProjectedValue } from "../lib/esc/projections";
import { parsePropertyPath } from "../lib/esc/edit/property-path";
import { CliError } from "./errors";

export type OutputFormat = "json" | "yaml" | "dotenv" | "shell" | "string";

export interface Projection {
  environmentVariables: Record<string, ProjectedValue>;
  files: Record<string, ProjectedValue>;
}

function scalars(v: EscValue | undefined): Record<string, ProjectedValue> {
  const out: Record<string, ProjectedValue> = {};
  const obj = v?.value;
  if (!obj || typeof obj !== "object" || Array.isArray(obj) || v?.unknown) return out;
  for (const k of Object.keys(obj).sort()) {
    const e = obj[k];
    if (e.value !== null && e.value !== undefined && typeof e.value === "object" && !e.unknown) continue;
    out[k] = { value: escValueToString(e, false), secret: !!e.secret };
  }
  return out;
}

/** `environmentVariables` and `files`: top-level scalars only, stringified (objects skipped). */
export function projectProperties(properties: Record<string, EscValue>): Projection {
  return { environmentVariables: scalars(properties.environmentVariables), files: scalars(properties.files) };
}

/** Secret values to mask in a child's output. */
export function secretsOf(p: Projection): string[] {
  return [...Object.values(p.environmentVariables), ...Object.values(p.files)].filter((v) => v.secret).map((v) => v.value);
}

/** dotenv/shell lines: variables first, then files (already written, so their paths). */
export function dotenvLines(vars: Record<string, string>, filePaths: Record<string, string>, shell: boolean): string {
  const line = (k: string, v: string) => `${shell ? "export " : ""}${k}=${goQuote(v)}`;
  return [...Object.keys(vars).sort().map((k) => line(k, vars[k])), ...Object.keys(filePaths).sort().map((k) => line(k, filePaths[k]))].map((l) => l + "\n").join("");
}

export function renderValue(v: EscValue, format: "json" | "yaml" | "string", redact: boolean): string {
  if (format === "string") return escValueToString(v, redact) + "\n";
  const j = escValueToJson(v, redact);
  if (format === "yaml") return stringify(j, { indent: 2 });
  return JSON.stringify(j, null, 2) + "\n";
}

/** The value at a Pulumi property path below an environment's properties, or undefined. */
export function valueAtPath(properties: Record<string, EscValue>, pathText: string): EscValue | undefined {
  let segments;
  try {
    segments = parsePropertyPath(pathText);
  } catch (e) {
    throw new CliError(`invalid path "${pathText}": ${(e as Error).message}`);
  }
  let cur: EscValue | undefined = { value: properties };
  for (const s of segments) {
    const v: EscValue["value"] = cur?.value;
    if (typeof s === "number") cur = Array.isArray(v) ? v[s] : undefined;
    else cur = v && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, s) ? (v as Record<string, EscValue>)[s] : undefined;
    if (!cur) return undefined;
  }
  return cur;
}

/**
 * esc's argument interpolation: `${path}` becomes the string of the opened value at that
 * property path (missing: empty), `$$` a `$`. Secrets substituted are returned for masking.
 */
export function interpolateArgs(args: string[], properties: Record<string, EscValue>): { args: string[]; secrets: string[] } {
  const secrets: string[] = [];
  const values = properties;
  const out = args.map((arg) => {
    if (!arg.includes("$")) return arg;
    try {
      return arg.replace(/\$\$|\$\{([^}]*)\}/g, (m, p: string | undefined) => {
        if (m === "$$") return "$";
        const v = valueAtPath(values, p!);
        if (!v) return "";
        const s = escValueToString(v, false);
        if (v.secret) secrets.push(s);
        return s;
      });
    } catch {
      return arg; // not a template (esc leaves such arguments unchanged)
    }
  });
  return { args: out, secrets };
}
