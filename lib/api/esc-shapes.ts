// Ferry results in the ESC REST API's payload shapes (the `@pulumi/esc-sdk` typings name them:
// OrgEnvironment, EnvironmentRevision, EnvironmentRevisionTag, EnvironmentDiagnostic, Value).
import "server-only";
import type { Diagnostic, EscValue } from "../esc";

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
