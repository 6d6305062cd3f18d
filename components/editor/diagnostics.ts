import type { Diagnostic } from "@/lib/esc";
import type { Monaco } from "./monaco";
import type { Problem } from "./problems-list";
import { utf16OffsetOfByte } from "./positions";

type Model = ReturnType<Monaco["editor"]["createModel"]>;

/** Diagnostics → problems with positions in the edited text (others keep their file name). */
export function toProblems(diags: Diagnostic[], envName: string, model: Model | null): Problem[] {
  const text = model?.getValue() ?? "";
  return diags.map((d) => {
    const r = d.range;
    const file = r?.filename && r.filename !== envName ? r.filename : undefined;
    if (!r || file || !model || r.start.line === 0) return { ...d, file };
    const pos = model.getPositionAt(utf16OffsetOfByte(text, r.start.byte));
    return { ...d, line: pos.lineNumber, column: pos.column };
  });
}

export function setMarkers(monaco: Monaco, model: Model, diags: Diagnostic[], envName: string) {
  const text = model.getValue();
  const markers = diags
    .filter((d) => d.range && d.range.start.line > 0 && (!d.range.filename || d.range.filename === envName))
    .map((d) => {
      const start = model.getPositionAt(utf16OffsetOfByte(text, d.range!.start.byte));
      let end = model.getPositionAt(utf16OffsetOfByte(text, d.range!.end.byte));
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
