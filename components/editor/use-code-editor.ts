"use client";

import type { OnMount } from "@monaco-editor/react";
import { useCallback, useMemo, useRef } from "react";
import { monaco } from "./monaco";
import { registerEscLanguageFeatures, setModelContext } from "./language-features";
import type { PaneSource } from "./resolved-pane";
import type { Problem } from "./problems-list";
import { interpolationBefore } from "./yaml-context";

type Model = ReturnType<typeof monaco.editor.createModel>;
type CodeEditor = Parameters<OnMount>[0];

/**
 * The Monaco instance behind the definition: its options, mount-time wiring (ESC completion and
 * hover, a keyboard way out, suggest inside interpolations) and the few calls the rest of the
 * editor makes on it. Every callback is stable so the memoised <Editor> skips keystroke renders.
 */
export function useCodeEditor(opts: {
  canEdit: boolean;
  setText: (t: string) => void;
  environmentNames: string[];
  /** completion and hover read the newest resolved values */
  pane: PaneSource;
  showSecrets: boolean;
}) {
  const { canEdit, setText } = opts;
  const editorRef = useRef<CodeEditor | null>(null);
  const modelRef = useRef<Model | null>(null);
  // Read at completion time, not at mount: refs, so onMount need not change.
  const latest = useRef(opts);
  latest.current = opts;

  // One object for the editor's life: @monaco-editor/react calls updateOptions whenever this
  // prop changes identity, which would be on every keystroke's render.
  const options = useMemo(
    () => ({
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      automaticLayout: true,
      quickSuggestions: { other: true, comments: false, strings: true },
      readOnly: !canEdit,
      ariaLabel: "Definition. Press Escape then Tab to leave the editor.",
    }),
    [canEdit],
  );

  // Stable, so the memoised <Editor> keeps its change listener instead of re-subscribing it.
  const onChange = useCallback((v: string | undefined) => setText(v ?? ""), [setText]);

  // @monaco-editor/react calls only the first onMount it was given; a stable one also keeps
  // the memoised <Editor> from re-rendering.
  const onMount: OnMount = useCallback((editor) => {
    editorRef.current = editor;
    modelRef.current = editor.getModel();
    registerEscLanguageFeatures(monaco);
    const uri = editor.getModel()!.uri.toString();
    setModelContext(uri, {
      properties: () => latest.current.pane.properties,
      environmentNames: () => latest.current.environmentNames,
      showSecrets: () => latest.current.showSecrets && latest.current.pane.kind !== "check",
    });
    editor.onDidDispose(() => setModelContext(uri, undefined));
    // Tab indents inside the editor, so keyboard users need a way out: Esc then Tab (or
    // Shift+Tab) leaves it, as in VS Code's web editors; Ctrl+M toggles Tab moving focus.
    let escaped = false;
    editor.onKeyDown((e) => {
      if (e.keyCode === monaco.KeyCode.Escape) {
        escaped = true;
        return;
      }
      if (e.keyCode === monaco.KeyCode.Tab && escaped) {
        e.preventDefault();
        e.stopPropagation();
        focusOutside(editor.getContainerDomNode(), e.shiftKey);
      }
      escaped = false;
    });
    // Typing "." or "${" inside an interpolation opens path completion straight away; Monaco's
    // own trigger-character handling does not fire reliably inside YAML scalars.
    editor.onDidChangeModelContent((e) => {
      const typed = e.changes.length === 1 ? e.changes[0].text : "";
      if (typed !== "." && typed !== "{" && typed !== "{}") return;
      const pos = editor.getPosition();
      if (!pos) return;
      const before = editor.getModel()!.getLineContent(pos.lineNumber).slice(0, pos.column - 1);
      if (interpolationBefore(before) !== undefined) editor.trigger("keyboard", "editor.action.triggerSuggest", {});
    });
  }, []);

  const goTo = useCallback((p: Problem) => {
    const ed = editorRef.current;
    if (!ed || !p.line) return;
    ed.setPosition({ lineNumber: p.line, column: p.column ?? 1 });
    ed.revealPositionInCenter({ lineNumber: p.line, column: p.column ?? 1 });
    ed.focus();
  }, []);

  const setValue = useCallback((t: string) => editorRef.current?.setValue(t), []);

  return { modelRef, options, onChange, onMount, goTo, setValue };
}

/** Moves focus to the next (or previous) focusable element outside `box`. */
function focusOutside(box: HTMLElement, backwards: boolean) {
  const all = Array.from(document.querySelectorAll<HTMLElement>("a[href], button:not([disabled]), input:not([disabled]), select, textarea:not([disabled]), [tabindex]:not([tabindex='-1'])")).filter(
    (el) => !box.contains(el) && el.offsetParent !== null,
  );
  const after = all.filter((el) => box.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const before = all.filter((el) => box.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
  const target = backwards ? before[before.length - 1] : after[0];
  target?.focus();
}
