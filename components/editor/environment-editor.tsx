"use client";

// The environment page's editor: Monaco on the left, resolved values on the right, problems
// below. Checks run in the browser as the user types (useLiveCheck); Open and Show secrets go to
// the server (useOpen); saves are conflict-checked so nobody's work is lost (useSaveWithConflict).
// This file joins their results into what the panes show.
import Editor from "@monaco-editor/react";
import { useEffect, useMemo, useState } from "react";
import type { Diagnostic } from "@/lib/esc";
import type { EditorSaveResult as SaveResult, EnvironmentRef } from "@/lib/environments/schema";
import type { ImportDefinition } from "@/lib/environments/imports";
import type { ActionState } from "@/lib/actions/action-state";
import { monaco } from "./monaco";
import { setMarkers, toProblems } from "./diagnostics";
import { ProblemsList } from "./problems-list";
import { ResolvedPane, type PaneSource } from "./resolved-pane";
import { SplitPane } from "./split-pane";
import { propertyNames } from "./suggest";
import { ConflictView } from "./conflict-view";
import { ConfirmErrorsDialog } from "./confirm-errors-dialog";
import { EditorNotice, type Notice } from "./editor-notice";
import { EditorToolbar } from "./editor-toolbar";
import { useCodeEditor } from "./use-code-editor";
import { useLiveCheck } from "./use-live-check";
import { useOpen } from "./use-open";
import { useSaveWithConflict, type SaveInput } from "./use-save-with-conflict";
import { useUnsavedGuard } from "./use-unsaved-guard";
import { useTheme } from "./use-theme";

const NO_PROPERTIES: Record<string, never> = {};

export interface EnvironmentEditorProps {
  envRef: EnvironmentRef;
  yaml: string;
  headRevision: number;
  canOpen: boolean;
  canEdit: boolean;
  environmentNames: string[];
  userLogin: string;
  /** the page's server actions, bound to this environment (components never import app/) */
  save: (input: SaveInput) => Promise<SaveResult>;
  loadImports: (names: string[]) => Promise<ActionState<Record<string, ImportDefinition>>>;
}

export default function EnvironmentEditor(props: EnvironmentEditorProps) {
  const { envRef, canOpen, canEdit } = props;
  const envName = `${envRef.project}/${envRef.name}`;
  const [text, setText] = useState(props.yaml);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [theme] = useTheme();

  const { check, shownCheck, stale, checkedText } = useLiveCheck({ org: envRef.org, envName, text, userLogin: props.userLogin, loadImports: props.loadImports });
  const opened = useOpen(envRef, text, setNotice);
  const { evaluated, evaluatedIsCurrent, openFailed } = opened;

  const diagnostics: Diagnostic[] = useMemo(() => {
    const live = check?.diagnostics ?? [];
    if (!evaluatedIsCurrent) return live;
    // Provider failures only show up when opening; keep the live check's load problems too.
    const seen = new Set(live.map((d) => `${d.severity}|${d.summary}|${d.range?.start.byte}`));
    return [...live, ...evaluated!.dto.diagnostics.filter((d) => !seen.has(`${d.severity}|${d.summary}|${d.range?.start.byte}`))];
  }, [check, evaluated, evaluatedIsCurrent]);

  // An open that failed (a provider refused) shows its problems, not its half-unknown values:
  // the pane keeps the live check's values and types.
  // Memoised so a keystroke that changes nothing here does not re-render the values pane.
  const openedDto = evaluatedIsCurrent && !openFailed ? evaluated!.dto : undefined;
  const openedKind = evaluated?.kind;
  const pane: PaneSource = useMemo(
    () =>
      openedDto
        ? { properties: openedDto.properties, schema: shownCheck?.schema, kind: openedKind! }
        : { properties: shownCheck?.properties ?? NO_PROPERTIES, schema: shownCheck?.schema, kind: "check", ms: shownCheck?.ms, stale },
    [openedDto, openedKind, shownCheck, stale],
  );
  const showSecrets = opened.showSecrets && pane.kind !== "check";

  const code = useCodeEditor({ canEdit, setText, environmentNames: props.environmentNames, pane, showSecrets: opened.showSecrets });
  const names = useMemo(() => propertyNames(pane.properties), [pane.properties]);
  useEffect(() => {
    if (code.modelRef.current) setMarkers(monaco, code.modelRef.current, diagnostics, envName, names);
  }, [diagnostics, envName, names]);
  const problems = useMemo(() => toProblems(diagnostics, envName, code.modelRef.current, names), [diagnostics, envName, names]);

  const saving = useSaveWithConflict({
    initial: { yaml: props.yaml, revision: props.headRevision },
    canEdit,
    text,
    setText,
    setEditorValue: code.setValue,
    problems,
    check,
    checkedText,
    save: props.save,
    setNotice,
  });
  const { saved, conflict } = saving;
  const dirty = text !== saved.yaml;
  useUnsavedGuard(dirty);

  if (conflict) {
    return (
      <ConflictView
        theme={theme}
        mine={text}
        theirs={conflict.current.yaml}
        theirRevision={conflict.current.revision}
        message={conflict.message}
        saving={saving.saving}
        onSave={saving.saveMerged}
        onDiscardMine={saving.discardMine}
      />
    );
  }

  const withEdits = evaluated && evaluated.text !== saved.yaml ? " with your edits" : "";
  const status =
    pane.kind === "check"
      ? stale
        ? "Stale: the last values before the syntax error"
        : openFailed
          ? `Opened revision ${evaluated!.dto.revision}${withEdits}: it failed, see Problems`
          : check
            ? `Live check · ${check.ms.toFixed(0)} ms`
            : "Checking…"
      : pane.kind === "open"
        ? `Opened revision ${evaluated!.dto.revision}${withEdits}`
        : "Secrets revealed";

  return (
    <div className={`flex h-[calc(100vh-13.5rem)] min-h-[420px] flex-col overflow-hidden rounded-lg border border-zinc-200 shadow-xs bg-white`}>
      <EditorToolbar canEdit={canEdit} canOpen={canOpen} dirty={dirty} save={saving} open={opened} />
      <EditorNotice notice={notice} />
      <div className="min-h-0 flex-1">
        <SplitPane
          left={
            <div className="flex h-full flex-col">
              <a href="#after-definition" className="sr-only focus:not-sr-only focus:absolute focus:z-10 focus:m-1 focus:rounded focus:bg-brand-600 focus:px-2 focus:py-1 focus:text-xs focus:text-white">
                Skip the editor
              </a>
              <p id="editor-keys" className="border-b border-zinc-200 px-3 py-0.5 text-[11px] text-zinc-500">
                Tab indents. To leave the editor press <kbd>Esc</kbd> then <kbd>Tab</kbd>; <kbd>Ctrl</kbd>+<kbd>M</kbd> makes Tab move focus.
              </p>
              <div className="relative min-h-0 flex-1" data-testid="definition-editor">
                <Editor
                  defaultLanguage="yaml"
                  defaultValue={props.yaml}
                  theme={theme === "dark" ? "ferry-dark" : "ferry-light"}
                  onChange={code.onChange}
                  onMount={code.onMount}
                  options={code.options}
                />
              </div>
              <div id="after-definition" tabIndex={-1} className="h-36 border-t border-zinc-200 outline-none">
                <ProblemsList problems={problems} onSelect={code.goTo} />
              </div>
            </div>
          }
          right={<ResolvedPane source={pane} showSecrets={showSecrets} status={status} />}
        />
      </div>
      {saving.confirmErrors && <ConfirmErrorsDialog errors={saving.confirmErrors} onCancel={saving.cancelSave} onConfirm={saving.confirmSave} />}
    </div>
  );
}
