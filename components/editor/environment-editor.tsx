"use client";

// The environment page's editor: Monaco on the left, resolved values on the right, problems
// below. Checks run in the browser as the user types; Open and Show secrets go to the server;
// saves are conflict-checked so nobody's work is lost.
import Editor, { type OnMount } from "@monaco-editor/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Diagnostic } from "@/lib/esc";
import type { EditorSaveResult as SaveResult, EnvironmentRef } from "@/lib/environments/schema";
import type { ImportDefinition } from "@/lib/environments/imports";
import type { ActionState } from "@/lib/actions/action-state";
import type { EvaluationDto } from "@/lib/environments/evaluate";
import { Button } from "@/components/ui/button";
import { monaco } from "./monaco";
import { cachedImportLoader, LiveChecker, type LiveCheck } from "./browser-check";
import { registerEscLanguageFeatures, setModelContext } from "./language-features";
import { setMarkers, toProblems } from "./diagnostics";
import { ProblemsList, type Problem } from "./problems-list";
import { ResolvedPane, type PaneSource } from "./resolved-pane";
import { withSharedValues } from "./share-values";
import { checkDebounceMs } from "./check-schedule";
import { SplitPane } from "./split-pane";
import { propertyNames } from "./suggest";
import { interpolationBefore } from "./yaml-context";
import { ConflictView } from "./conflict-view";
import { useUnsavedGuard } from "./use-unsaved-guard";
import { useTheme } from "./use-theme";

const NO_PROPERTIES: Record<string, never> = {};

type Model = ReturnType<typeof monaco.editor.createModel>;
type CodeEditor = Parameters<OnMount>[0];

export interface EnvironmentEditorProps {
  envRef: EnvironmentRef;
  yaml: string;
  headRevision: number;
  canOpen: boolean;
  canEdit: boolean;
  environmentNames: string[];
  userLogin: string;
  /** the page's server actions, bound to this environment (components never import app/) */
  save: (input: { yaml: string; message?: string; baseRevision: number }) => Promise<SaveResult>;
  loadImports: (names: string[]) => Promise<ActionState<Record<string, ImportDefinition>>>;
}

export default function EnvironmentEditor(props: EnvironmentEditorProps) {
  const { envRef, canOpen, canEdit } = props;
  const envName = `${envRef.project}/${envRef.name}`;
  const [text, setText] = useState(props.yaml);
  const [saved, setSaved] = useState({ yaml: props.yaml, revision: props.headRevision });
  const [check, setCheck] = useState<LiveCheck | null>(null);
  const [evaluated, setEvaluated] = useState<{ text: string; dto: EvaluationDto; kind: "open" | "reveal" } | null>(null);
  const [busy, setBusy] = useState<null | { kind: "open" | "reveal"; abort: AbortController }>(null);
  const [showSecrets, setShowSecrets] = useState(false);
  const [notice, setNotice] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [message, setMessage] = useState("");
  const [saving, setSaving] = useState(false);
  const [confirmErrors, setConfirmErrors] = useState<Problem[] | null>(null);
  const [conflict, setConflict] = useState<Extract<SaveResult, { status: "conflict" }> | null>(null);
  const editorRef = useRef<CodeEditor | null>(null);
  const modelRef = useRef<Model | null>(null);
  const [theme] = useTheme();
  const dirty = text !== saved.yaml;
  useUnsavedGuard(dirty);

  const loader = useMemo(
    () =>
      cachedImportLoader(async (names) => {
        // bound to this org, like the memo: a re-rendered page's new reference does the same
        const r = await props.loadImports(names);
        if (r.status !== "ok") throw new Error(r.status === "error" ? r.message : "failed");
        return r.data;
      }),
    [envRef.org],
  );
  const context = useMemo(() => ({ pulumi: { user: { login: props.userLogin }, organization: { login: envRef.org } } }), [props.userLogin, envRef.org]);

  // Live check in a Web Worker, debounced by what the last check cost; a newer run supersedes an older one.
  // checkedText: the text the current check is of; Save waits for it to be the text being saved.
  const checkedText = useRef<string | null>(null);
  const pendingSave = useRef<string | null>(null);
  const checker = useMemo(() => new LiveChecker(loader), [loader]);
  useEffect(() => () => checker.dispose(), [checker]);
  const lastCheckMs = useRef<number | undefined>(undefined);
  useEffect(() => {
    const t = setTimeout(() => {
      void checker.check(envName, text, context).then((r) => {
        if (!r) return;
        checkedText.current = text;
        lastCheckMs.current = r.ms;
        setCheck((prev) => withSharedValues(prev, r));
      });
    }, checkDebounceMs(lastCheckMs.current));
    return () => clearTimeout(t);
  }, [text, envName, checker, context]);

  // A syntax error leaves nothing to evaluate: keep showing the last values that decoded,
  // marked stale, rather than an empty pane that reads like "you have no values".
  const lastGood = useRef<LiveCheck | null>(null);
  // (a check with no schema is one whose text did not decode)
  if (check?.schema) lastGood.current = check;
  const shownCheck = check && !check.schema && lastGood.current ? lastGood.current : check;
  const stale = shownCheck !== check;

  const evaluatedIsCurrent = evaluated !== null && evaluated.text === text;
  const diagnostics: Diagnostic[] = useMemo(() => {
    const live = check?.diagnostics ?? [];
    if (!evaluatedIsCurrent) return live;
    // Provider failures only show up when opening; keep the live check's load problems too.
    const seen = new Set(live.map((d) => `${d.severity}|${d.summary}|${d.range?.start.byte}`));
    return [...live, ...evaluated!.dto.diagnostics.filter((d) => !seen.has(`${d.severity}|${d.summary}|${d.range?.start.byte}`))];
  }, [check, evaluated, evaluatedIsCurrent]);

  // An open that failed (a provider refused) shows its problems, not its half-unknown values:
  // the pane keeps the live check's values and types.
  const openFailed = evaluatedIsCurrent && evaluated!.dto.diagnostics.some((d) => d.severity === "error");
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

  const names = useMemo(() => propertyNames(pane.properties), [pane.properties]);
  useEffect(() => {
    if (modelRef.current) setMarkers(monaco, modelRef.current, diagnostics, envName, names);
  }, [diagnostics, envName, names]);
  const problems = useMemo(() => toProblems(diagnostics, envName, modelRef.current, names), [diagnostics, envName, names]);

  // Completion and hover read the newest resolved values through this context.
  const paneRef = useRef(pane);
  paneRef.current = pane;
  const showSecretsRef = useRef(showSecrets);
  showSecretsRef.current = showSecrets;

  // One object for the editor's life: @monaco-editor/react calls updateOptions whenever this
  // prop changes identity, which would be on every keystroke's render.
  const editorOptions = useMemo(
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

  // Stable, so the memoised <Editor> skips the render of every keystroke and keeps its change
  // listener instead of re-subscribing it.
  const onEditorChange = useCallback((v: string | undefined) => setText(v ?? ""), []);

  // @monaco-editor/react calls only the first onMount it was given; a stable one also keeps
  // the memoised <Editor> from re-rendering.
  const onMount: OnMount = useCallback((editor) => {
    editorRef.current = editor;
    modelRef.current = editor.getModel();
    registerEscLanguageFeatures(monaco);
    const uri = editor.getModel()!.uri.toString();
    setModelContext(uri, {
      properties: () => paneRef.current.properties,
      environmentNames: () => props.environmentNames,
      showSecrets: () => showSecretsRef.current && paneRef.current.kind !== "check",
    });
    editor.onDidDispose(() => setModelContext(uri, undefined));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveRef.current());
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

  const evaluate = useCallback(
    async (kind: "open" | "reveal") => {
      const abort = new AbortController();
      setBusy({ kind, abort });
      setNotice(null);
      try {
        const res = await fetch(`/${envRef.org}/${envRef.project}/${envRef.name}/evaluate`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ mode: kind, yaml: text }),
          signal: abort.signal,
        });
        const body = await res.json();
        if (!res.ok) throw new Error(body?.message ?? "The environment could not be opened.");
        setEvaluated({ text, dto: body as EvaluationDto, kind });
        if (kind === "reveal") setShowSecrets(true);
      } catch (e) {
        if ((e as Error).name === "AbortError") setNotice({ tone: "ok", text: "Cancelled." });
        else setNotice({ tone: "error", text: (e as Error).message });
      } finally {
        setBusy(null);
      }
    },
    [envRef, text],
  );

  const doSave = useCallback(
    async (yaml: string, baseRevision: number) => {
      setSaving(true);
      setNotice(null);
      const r = await props.save({ yaml, message, baseRevision }).catch(() => ({ status: "error", message: "The save did not reach the server. Your text is still here; try again." }) as SaveResult);
      setSaving(false);
      if (r.status === "saved") {
        setSaved({ yaml: r.yaml, revision: r.revision.number });
        setText(r.yaml);
        editorRef.current?.setValue(r.yaml);
        setMessage("");
        setConflict(null);
        setNotice({ tone: "ok", text: `Saved revision ${r.revision.number}.` });
      } else if (r.status === "conflict") {
        setConflict(r);
      } else {
        setNotice({ tone: "error", text: r.message });
      }
    },
    [props.save, message],
  );

  const save = useCallback(() => {
    // Saving the saved text would only add an empty revision (the API refuses it too).
    if (!canEdit || saving || text === saved.yaml) return;
    // The problems below are of the last check; until it is of this very text (the worker may
    // still be checking a paste), wait for it, or a broken definition would skip the confirmation.
    if (checkedText.current !== text) {
      pendingSave.current = text;
      return;
    }
    pendingSave.current = null;
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length > 0) {
      setConfirmErrors(errors);
      return;
    }
    void doSave(text, saved.revision);
  }, [canEdit, saving, problems, doSave, text, saved.revision]);
  const saveRef = useRef(save);
  saveRef.current = save;
  // a Save pressed before the check caught up goes ahead once it has, unless the text changed since
  useEffect(() => {
    if (pendingSave.current === null) return;
    if (pendingSave.current !== text) pendingSave.current = null;
    else if (checkedText.current === text) saveRef.current();
  }, [check, text]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        saveRef.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const goTo = useCallback((p: Problem) => {
    const ed = editorRef.current;
    if (!ed || !p.line) return;
    ed.setPosition({ lineNumber: p.line, column: p.column ?? 1 });
    ed.revealPositionInCenter({ lineNumber: p.line, column: p.column ?? 1 });
    ed.focus();
  }, []);

  if (conflict) {
    return (
      <ConflictView
        theme={theme}
        mine={text}
        theirs={conflict.current.yaml}
        theirRevision={conflict.current.revision}
        message={conflict.message}
        saving={saving}
        onSave={(merged) => {
          setText(merged);
          void doSave(merged, conflict.current.revision);
        }}
        onDiscardMine={() => {
          setSaved({ yaml: conflict.current.yaml, revision: conflict.current.revision });
          setText(conflict.current.yaml);
          setConflict(null);
        }}
      />
    );
  }

  const status =
    pane.kind === "check"
      ? stale
        ? "Stale: the last values before the syntax error"
        : openFailed
          ? `Opened revision ${evaluated!.dto.revision}${evaluated!.text !== saved.yaml ? " with your edits" : ""}: it failed, see Problems`
          : check
            ? `Live check · ${check.ms.toFixed(0)} ms`
            : "Checking…"
      : pane.kind === "open"
        ? `Opened revision ${evaluated!.dto.revision}${evaluated!.text !== saved.yaml ? " with your edits" : ""}`
        : "Secrets revealed";

  return (
    <div className={`flex h-[calc(100vh-13.5rem)] min-h-[420px] flex-col overflow-hidden rounded-lg border border-zinc-200 shadow-xs bg-white`}>
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2">
        <span className="text-xs text-zinc-500">
          {dirty ? <span className="font-medium text-amber-600">Unsaved changes</span> : <>Revision <span data-testid="editing-revision">{saved.revision}</span></>}
        </span>
        <input
          aria-label="Revision message"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="Describe the change (optional)"
          maxLength={500}
          className="min-w-40 flex-1 rounded-md border border-zinc-300 bg-transparent px-2 py-1 text-xs"
        />
        <Button type="button" onClick={save} disabled={!canEdit || saving || !dirty} title={!canEdit ? "You can read this environment but not edit it" : dirty ? "Save (Ctrl+S)" : "No changes to save"}>
          {saving ? "Saving…" : "Save"}
        </Button>
        {busy?.kind === "open" ? (
          <Button type="button" variant="secondary" onClick={() => busy.abort.abort()}>
            <span aria-hidden className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-zinc-400 border-t-transparent" />
            Cancel
          </Button>
        ) : (
          <Button type="button" variant="secondary" onClick={() => evaluate("open")} disabled={!canOpen || busy !== null} title={canOpen ? "Resolve providers and secrets on the server" : "You need the right to open this environment"}>
            Open
          </Button>
        )}
        <Button
          type="button"
          variant={showSecrets ? "primary" : "secondary"}
          aria-pressed={showSecrets}
          disabled={!canOpen || busy !== null}
          onClick={() => {
            if (showSecrets) setShowSecrets(false);
            // After a failed open there are no opened values to show: reveal (no provider calls).
            else if (evaluatedIsCurrent && !openFailed) setShowSecrets(true);
            else void evaluate("reveal");
          }}
        >
          {busy?.kind === "reveal" ? "Revealing…" : "Show secrets"}
        </Button>
      </div>
      {notice && (
        <div role={notice.tone === "error" ? "alert" : "status"} className={`px-3 py-1.5 text-xs ${notice.tone === "error" ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-800"}`}>
          {notice.text}
        </div>
      )}
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
                  onChange={onEditorChange}
                  onMount={onMount}
                  options={editorOptions}
                />
              </div>
              <div id="after-definition" tabIndex={-1} className="h-36 border-t border-zinc-200 outline-none">
                <ProblemsList problems={problems} onSelect={goTo} />
              </div>
            </div>
          }
          right={<ResolvedPane source={pane} showSecrets={showSecrets && pane.kind !== "check"} status={status} />}
        />
      </div>
      {confirmErrors && (
        <ConfirmErrors
          errors={confirmErrors}
          onCancel={() => setConfirmErrors(null)}
          onConfirm={() => {
            setConfirmErrors(null);
            void doSave(text, saved.revision);
          }}
        />
      )}
    </div>
  );
}

function ConfirmErrors({ errors, onCancel, onConfirm }: { errors: Problem[]; onCancel: () => void; onConfirm: () => void }) {
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/30 p-4">
      <div role="alertdialog" aria-modal="true" aria-labelledby="confirm-errors-title" className="w-full max-w-lg rounded-lg bg-white p-5 text-zinc-900 shadow-xl">
        <h2 id="confirm-errors-title" className="text-base font-semibold">
          Save with {errors.length} {errors.length === 1 ? "error" : "errors"}?
        </h2>
        <p className="mt-1 text-sm text-zinc-600">Anyone who opens this revision will get these errors instead of values:</p>
        <ul className="mt-3 max-h-48 list-disc space-y-1 overflow-auto pl-5 text-sm text-red-700">
          {errors.slice(0, 20).map((e, i) => (
            <li key={i}>
              {e.summary}
              {e.line ? <span className="text-zinc-500"> (line {e.line})</span> : null}
            </li>
          ))}
        </ul>
        <div className="mt-5 flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onCancel} autoFocus>
            Keep editing
          </Button>
          <Button type="button" variant="danger" onClick={onConfirm}>
            Save anyway
          </Button>
        </div>
      </div>
    </div>
  );
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
