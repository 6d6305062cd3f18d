// Ferry results in the ESC REST API's payload shapes (the `@pulumi/esc-sdk` typings name them:
// OrgEnvironment, EnvironmentRevision, EnvironmentRevisionTag, EnvironmentDiagnostic, Value).
import type { Diagnostic, EscValue } from "../esc";
import { parsePropertyPath } from "../esc/edit";
import { AppError } from "../errors";

export interface EscDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  path?: string;
  range?: { environment: string; begin: { line: number; column: number; byte: number }; end: { line: number; column: number; byte: number } };
}

export function escDiagnostic(d: Diagnostic, envName: string): EscDiagnostic {
  const out: EscDiagnostic = { severity: d.severity, summary: d.summary };
  if (d.detail) out.detail = d.detail;
  if (d.path) out.path = d.path;
  if (d.range) out.range = { environment: d.range.filename ?? envName, begin: d.range.start, end: d.range.end };
  return out;
}

/** The value at a Pulumi property path below an environment's properties, or undefined. */
export function valueAtPath(properties: Record<string, EscValue>, path: string): EscValue | undefined {
  let segments;
  try {
    segments = parsePropertyPath(path);
  } catch (e) {
    throw new AppError("invalid_input", `"${path.slice(0, 100)}" is not a property path: ${(e as Error).message}.`);
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
