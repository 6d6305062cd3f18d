"use client";

// Read-only Monaco views for revision pages: a definition, and two definitions side by side.
import Editor, { DiffEditor } from "@monaco-editor/react";
import { useState } from "react";
import "./monaco";
import { useTheme } from "./use-theme";

export function ReadOnlyDefinition({ yaml, height = "60vh" }: { yaml: string; height?: string }) {
  const [theme] = useTheme();
  return (
    <div style={{ height }} className="overflow-hidden rounded-md border border-zinc-200" data-testid="revision-definition">
      <Editor
        value={yaml}
        language="yaml"
        theme={theme === "dark" ? "ferry-dark" : "ferry-light"}
        options={{ readOnly: true, minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, automaticLayout: true, ariaLabel: "Definition (read-only)" }}
      />
    </div>
  );
}

export function DefinitionDiff({ before, after, labels }: { before: string; after: string; labels: [string, string] }) {
  const [theme] = useTheme();
  const [sideBySide, setSideBySide] = useState(true);
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between text-xs text-zinc-500">
        <span>
          <span className="font-medium text-zinc-700">{labels[0]}</span> → <span className="font-medium text-zinc-700">{labels[1]}</span>
        </span>
        <div role="tablist" aria-label="Diff layout" className="flex gap-0.5 rounded-md bg-zinc-100 p-0.5">
          {[
            [true, "Side by side"],
            [false, "Inline"],
          ].map(([v, label]) => (
            <button
              key={String(label)}
              type="button"
              role="tab"
              aria-selected={sideBySide === v}
              onClick={() => setSideBySide(v as boolean)}
              className="rounded px-2 py-0.5 aria-selected:bg-white aria-selected:font-medium aria-selected:text-zinc-900 aria-selected:shadow-xs"
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <div className="h-[55vh] overflow-hidden rounded-md border border-zinc-200" data-testid="definition-diff">
        <DiffEditor
          original={before}
          modified={after}
          language="yaml"
          theme={theme === "dark" ? "ferry-dark" : "ferry-light"}
          options={{ readOnly: true, renderSideBySide: sideBySide, minimap: { enabled: false }, fontSize: 13, automaticLayout: true, scrollBeyondLastLine: false }}
        />
      </div>
    </div>
  );
}
