import type { Diagnostic } from "@/lib/esc";
import type { Monaco } from "./monaco";
import type { Problem } from "./problems-list";
import { utf16OffsetOfCodePoint } from "./positions";
import { closestName } from "./suggest";

type Model = ReturnType<Monaco["editor"]["createModel"]>;
type Pos = { line: number; column: number };

/**
 * A core position (1-based line; 1-based column counted in code points) → a Monaco position
 * (columns in UTF-16 units). Line and column are used, not the byte offset: the reference
 * reports byte 0 on a last line without a trailing newline, and counts wide characters twice.
 */
export function monacoPosition(model: Model, p: Pos): { lineNumber: number; column: number } {
  const lineNumber = Math.min(Math.max(1, p.line), model.getLineCount());
  const text = model.getLineContent(lineNumber);
  return { lineNumber, column: utf16OffsetOfCodePoint(text, Math.max(0, p.column - 1)) + 1 };
}

/** Diagnostics → problems with positions in the edited text (others keep their file name). */
export function toProblems(diags: Diagnostic[], envName: string, model: Model | null, names: Set<string> = new Set()): Problem[] {
  return diags.map((raw) => {
    const d = withSuggestion(raw, names);
    const r = d.range;
    const file = r?.filename && r.filename !== envName ? r.filename : undefined;
    if (!r || file || !model || r.start.line === 0) return { ...d, file };
    const pos = monacoPosition(model, r.start);
    return { ...d, line: pos.lineNumber, column: pos.column };
  });
}

function withSuggestion(d: Diagnostic, names: Set<string>): Diagnostic {
  const m = /^unknown property "(.*)"$/.exec(d.summary);
  if (!m || d.detail) return d;
  const near = closestName(m[1], names);
  return near ? { ...d, detail: `Did you mean "${near}"?` } : d;
}

export function setMarkers(monaco: Monaco, model: Model, diags: Diagnostic[], envName: string, names: Set<string> = new Set()) {
  const markers = diags
    .map((d) => withSuggestion(d, names))
    .filter((d) => d.range && d.range.start.line > 0 && (!d.range.filename || d.range.filename === envName))
    .map((d) => {
      const start = monacoPosition(model, d.range!.start);
      let end = monacoPosition(model, d.range!.end);
      if (end.lineNumber === start.lineNumber && end.column <= start.column) end = { lineNumber: start.lineNumber, column: start.column + 1 } as typeof end;
      return {
        severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: d.detail ? `${d.summary}\n${d.detail}` : d.summary,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
        source: "esc",
      };
    });
  monaco.editor.setModelMarkers(model, "esc", markers);
}
