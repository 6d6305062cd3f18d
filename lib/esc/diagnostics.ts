// Diagnostic shapes shared by every stage. Severity and field meanings follow the reference's
// syntax.Diagnostic (an hcl.Diagnostic plus a document path) so results can be compared 1:1.

/** A position in a document: 1-based line and column (code points), 0-based byte offset. */
export interface Pos {
  line: number;
  column: number;
  byte: number;
}

/** A source range. `filename` is the environment name the range belongs to. */
export interface Range {
  filename?: string;
  start: Pos;
  end: Pos;
}

export type Severity = "error" | "warning";

/** A language problem. Never thrown: every API returns these in a list. */
export interface Diagnostic {
  severity: Severity;
  summary: string;
  detail?: string;
  /** document path of the offending node, e.g. `values.a["b-c"][0]` */
  path?: string;
  /** absent for problems without a location (YAML syntax errors, limits) */
  range?: Range;
}

export function errorDiag(summary: string, range?: Range, path?: string): Diagnostic {
  const d: Diagnostic = { severity: "error", summary };
  if (range) d.range = range;
  if (path !== undefined) d.path = path;
  return d;
}

export function warningDiag(summary: string, range?: Range, path?: string): Diagnostic {
  const d: Diagnostic = { severity: "warning", summary };
  if (range) d.range = range;
  if (path !== undefined) d.path = path;
  return d;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

export const zeroPos: Pos = { line: 0, column: 0, byte: 0 };

export function zeroRange(filename?: string): Range {
  return { filename, start: { ...zeroPos }, end: { ...zeroPos } };
}
