"use client";

import { DiffEditor } from "@monaco-editor/react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import "./monaco";

/**
 * Someone saved while this user was editing. Their revision on the left (read-only), the user's
 * text on the right, editable: merge there, then save on top of their revision.
 */
export function ConflictView(props: {
  theme: "light" | "dark";
  mine: string;
  theirs: string;
  theirRevision: number;
  message: string;
  saving: boolean;
  onSave: (merged: string) => void;
  onDiscardMine: () => void;
}) {
  const merged = useRef(props.mine);
  return (
    <div className="flex h-[calc(100vh-13.5rem)] min-h-[420px] flex-col overflow-hidden rounded-lg border border-amber-300 bg-white shadow-xs">
      <div role="alert" className="flex flex-wrap items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2.5">
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-amber-900">Someone else saved revision {props.theirRevision} while you were editing</h2>
          <p className="text-xs text-amber-800">{props.message} Left: revision {props.theirRevision}. Right: your text — edit it into the version you want, then save.</p>
        </div>
        <Button type="button" variant="secondary" onClick={props.onDiscardMine} disabled={props.saving}>
          Discard mine
        </Button>
        <Button type="button" onClick={() => props.onSave(merged.current)} disabled={props.saving}>
          {props.saving ? "Saving…" : "Save merged"}
        </Button>
      </div>
      <div className="min-h-0 flex-1" data-testid="conflict-diff">
        <DiffEditor
          original={props.theirs}
          modified={props.mine}
          language="yaml"
          theme={props.theme === "dark" ? "ferry-dark" : "ferry-light"}
          onMount={(editor) => {
            const modified = editor.getModifiedEditor();
            modified.onDidChangeModelContent(() => (merged.current = modified.getValue()));
          }}
          options={{ renderSideBySide: true, originalEditable: false, readOnly: false, minimap: { enabled: false }, automaticLayout: true, fontSize: 13 }}
        />
      </div>
    </div>
  );
}
