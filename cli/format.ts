// Rendering opened environments as `esc open` does (json, yaml, dotenv, shell, string) and the
// projection `run` injects.
import { yamlPackage } from "./lazy-yaml";
import { escValueToJson, escValueToString, type EscValue } from "../lib/esc/export";
import { goQuote } from "../lib/esc/go-text";
import type { ProjectedValue } from "../lib/esc/projections";
import { parsePropertyPath, type PathSegment } from "../lib/esc/edit/property-path";
import { lookupValue, type MissingPath } from "../lib/esc/value-path";
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

/** `detailed`: the value with its secret flags and traces, as esc prints an esc.Value (secrets redacted unless shown). */
function detailedValue(v: EscValue, redact: boolean): EscValue {
  const inner = v.value;
  let value: EscValue["value"];
  if (Array.isArray(inner)) value = inner.map((x) => detailedValue(x, redact));
  else if (inner !== null && typeof inner === "object") value = Object.fromEntries(Object.entries(inner).map(([k, x]) => [k, detailedValue(x, redact)]));
  else value = redact && v.secret && !v.unknown ? "[secret]" : inner;
  return { ...v, value };
}

/**
 * esc's Value.ToString (value.go): scalars as text, arrays as Go-quoted elements joined by ",",
 * objects as sorted `"k"="v"` pairs; what `--format string` prints and `${…}` substitutes.
 */
export function valueToText(v: EscValue, redact: boolean, depth = 0): string {
  if (redact && v.secret) return "[secret]";
  if (v.unknown) return "[unknown]";
  const x = v.value;
  if (x === undefined || x === null || depth > 1000) return "";
  if (Array.isArray(x)) return x.map((e) => goQuote(valueToText(e, redact, depth + 1))).join(",");
  if (typeof x === "object") {
    return Object.keys(x)
      .sort()
      .map((k) => `${goQuote(k)}=${goQuote(valueToText(x[k], redact, depth + 1))}`)
      .join(",");
  }
  return String(x);
}

export type ValueFormat = "json" | "yaml" | "string" | "detailed";

export function renderValue(v: EscValue, format: ValueFormat, redact: boolean): string {
  if (format === "string") return valueToText(v, redact) + "\n";
  if (format === "detailed") return JSON.stringify(detailedValue(v, redact), null, 2) + "\n";
  const j = escValueToJson(v, redact);
  if (format === "yaml") return yamlPackage().stringify(j, { indent: 2 });
  return JSON.stringify(j, null, 2) + "\n";
}

/** The value at a Pulumi property path below an environment's properties, or undefined. */
export function valueAtPath(properties: Record<string, EscValue>, pathText: string): EscValue | undefined {
  const found = lookupPath(properties, pathText);
  return "value" in found ? found.value : undefined;
}

/** The value at a path, or what exists nearest to it (for "no such path" messages). */
export function lookupPath(properties: Record<string, EscValue>, pathText: string): { value: EscValue } | { missing: MissingPath } {
  let segments: PathSegment[];
  try {
    segments = parsePropertyPath(pathText);
  } catch (e) {
    throw new CliError(`invalid path "${pathText}": ${(e as Error).message}`);
  }
  return lookupValue(properties, segments);
}

/** The value at a path, or a CliError naming the path and the nearest one that exists. */
export function requirePath(properties: Record<string, EscValue>, pathText: string, env: string): EscValue {
  const found = lookupPath(properties, pathText);
  if ("value" in found) return found.value;
  const { existing, keys, suggestion } = found.missing;
  const shown = keys.length > 12 ? [...keys.slice(0, 12), "…"] : keys;
  const where = existing ? `"${existing}" has ${shown.length ? shown.join(", ") : "no properties"}` : `its top-level properties are ${shown.length ? shown.join(", ") : "none"}`;
  throw new CliError(`${env} has no value at "${pathText}"${suggestion ? `; did you mean "${suggestion}"?` : ""} (${where})`);
}

/**
 * esc's argument interpolation: `${path}` becomes the string of the opened value at that
 * property path (missing: empty), `$$` a `$`. Secrets substituted are returned for masking;
 * `${…}` that resolved to nothing are returned too, since `sh -c 'echo ${HOME}'` losing the
 * shell's variable without a word is the usual surprise.
 */
export function interpolateArgs(args: string[], properties: Record<string, EscValue>): { args: string[]; secrets: string[]; unresolved: string[] } {
  const secrets: string[] = [];
  const unresolved: string[] = [];
  const values = properties;
  const out = args.map((arg) => {
    if (!arg.includes("$")) return arg;
    const missing: string[] = [];
    try {
      const replaced = arg.replace(/\$\$|\$\{([^}]*)\}/g, (m, p: string | undefined) => {
        if (m === "$$") return "$";
        const v = valueAtPath(values, p!);
        if (!v) {
          missing.push(m);
          return "";
        }
        const s = valueToText(v, false);
        if (v.secret) secrets.push(s);
        return s;
      });
      unresolved.push(...missing);
      return replaced;
    } catch {
      return arg; // not a template (esc leaves such arguments unchanged)
    }
  });
  return { args: out, secrets, unresolved };
}

/** The stderr warning for one `${…}` that `interpolateArgs` replaced with nothing. */
export function unresolvedWarning(template: string, env: string): string {
  const name = template.slice(2, -1);
  const shell = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$${name} or $$\{${name}}` : `$$\{${name}}`;
  return `warning: ${template} in the command became empty: ${env} has no value at "${name}". For a shell variable write ${shell}.`;
}
