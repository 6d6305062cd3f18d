"use client";

// The environment page's editor: Monaco on the left, resolved values on the right, problems
// below. Checks run in the browser as the user types; Open and Show secrets go to the server;
// saves are conflict-checked so nobody's work is lost.
import Editor, { type OnMount } from "@monaco-editor/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Diagnostic } from "@/lib/esc";
import type { EnvironmentRef } from "@/lib/environments/schema";
import type { EvaluationDto } from "@/lib/environments/evaluate";
import { loadImportsAction, saveEditorAction, type SaveResult } from "@/app/(console)/[org]/[project]/[env]/editor-actions";
import { Button } from "@/components/ui/button";
import { monaco } from "./monaco";
import { cachedImportLoader, runLiveCheck, type LiveCheck } from "./browser-check";
import { registerEscLanguageFeatures, setModelContext } from "./language-features";
import { setMarkers, toProblems } from "./diagnostics";
import { ProblemsList, type Problem } from "./problems-list";
import { ResolvedPane, type PaneSource } from "./resolved-pane";
import { SplitPane } from "./split-pane";
import { propertyNames } from "./suggest";
import { interpolationBefore } from "./yaml-context";
import { ConflictView } from "./conflict-view";
import { useUnsavedGuard } from "./use-unsaved-guard";
import { useTheme } from "./use-theme";

const CHECK_DEBOUNCE_MS = 60;

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
  const [theme, toggleTheme] = useTheme();
  const dirty = text !== saved.yaml;
  useUnsavedGuard(dirty);

  const loader = useMemo(
    () =>
      cachedImportLoader(async (names) => {
        const r = await loadImportsAction(envRef.org, names);
        if (r.status !== "ok") throw new Error(r.status === "error" ? r.message : "failed");
        return r.data;
      }),
    [envRef.org],
  );
  const context = useMemo(() => ({ pulumi: { user: { login: props.userLogin }, organization: { login: envRef.org } } }), [props.userLogin, envRef.org]);

  // Live check, debounced; a newer run supersedes an older one still awaiting imports.
  const generation = useRef(0);
  useEffect(() => {
    const gen = ++generation.current;
    const t = setTimeout(() => {
      runLiveCheck(envName, text, loader, context).then((r) => {
        if (gen === generation.current) setCheck(r);
      });
    }, CHECK_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, envName, loader, context]);

  const evaluatedIsCurrent = evaluated !== null && evaluated.text === text;
  const diagnostics: Diagnostic[] = useMemo(() => {
    const live = check?.diagnostics ?? [];
    if (!evaluatedIsCurrent) return live;
    // Provider failures only show up when opening; keep the live check's load problems too.
    const seen = new Set(live.map((d) => `${d.severity}|${d.summary}|${d.range?.start.byte}`));
    return [...live, ...evaluated!.dto.diagnostics.filter((d) => !seen.has(`${d.severity}|${d.summary}|${d.range?.start.byte}`))];
  }, [check, evaluated, evaluatedIsCurrent]);

  const pane: PaneSource = evaluatedIsCurrent
    ? { properties: evaluated!.dto.properties, kind: evaluated!.kind }
    : { properties: check?.result.env?.properties ?? {}, schema: check?.result.env?.schema, kind: "check", ms: check?.ms };

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

  const onMount: OnMount = (editor) => {
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
  };

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
      const r = await saveEditorAction(envRef, { yaml, message, baseRevision }).catch(() => ({ status: "error", message: "The save did not reach the server. Your text is still here; try again." }) as SaveResult);
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
    [envRef, message],
  );

  const save = useCallback(() => {
    if (!canEdit || saving) return;
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length > 0) {
      setConfirmErrors(errors);
      return;
    }
    void doSave(text, saved.revision);
  }, [canEdit, saving, problems, doSave, text, saved.revision]);
  const saveRef = useRef(save);
  saveRef.current = save;

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

  const goTo = (p: Problem) => {
    const ed = editorRef.current;
    if (!ed || !p.line) return;
    ed.setPosition({ lineNumber: p.line, column: p.column ?? 1 });
    ed.revealPositionInCenter({ lineNumber: p.line, column: p.column ?? 1 });
    ed.focus();
  };

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
      ? check
        ? `Live check · ${check.ms.toFixed(0)} ms`
        : "Checking…"
      : pane.kind === "open"
        ? `Opened revision ${evaluated!.dto.revision}${evaluated!.dto.draft ? " (your edits)" : ""}`
        : "Secrets revealed";

  return (
    <div className={`flex h-[calc(100vh-13.5rem)] min-h-[420px] flex-col overflow-hidden rounded-lg border border-zinc-200 shadow-xs ${theme === "dark" ? "dark bg-zinc-900 text-zinc-100" : "bg-white"}`}>
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-700">
        <span className="text-xs text-zinc-500">
          {dirty ? <span className="font-medium text-amber-600">Unsaved changes</span> : <>Revision <span data-testid="editing-revision">{saved.revision}</span></>}
        </span>
        <input
          aria-label="Revision message"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="Describe the change (optional)"
          maxLength={500}
          className="min-w-40 flex-1 rounded-md border border-zinc-300 bg-transparent px-2 py-1 text-xs dark:border-zinc-600"
        />
        <Button type="button" onClick={save} disabled={!canEdit || saving} title={canEdit ? "Save (Ctrl+S)" : "You can read this environment but not edit it"}>
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
            else if (evaluatedIsCurrent) setShowSecrets(true);
            else void evaluate("reveal");
          }}
        >
          {busy?.kind === "reveal" ? "Revealing…" : "Show secrets"}
        </Button>
        <Button type="button" variant="ghost" onClick={toggleTheme} aria-label={theme === "dark" ? "Light theme" : "Dark theme"}>
          {theme === "dark" ? "☀" : "☾"}
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
              <div className="min-h-0 flex-1" data-testid="definition-editor">
                <Editor
                  defaultLanguage="yaml"
                  defaultValue={props.yaml}
                  theme={theme === "dark" ? "ferry-dark" : "ferry-light"}
                  onChange={(v) => setText(v ?? "")}
                  onMount={onMount}
                  options={{
                    minimap: { enabled: false },
                    fontSize: 13,
                    tabSize: 2,
                    insertSpaces: true,
                    scrollBeyondLastLine: false,
                    automaticLayout: true,
                    quickSuggestions: { other: true, comments: false, strings: true },
                    readOnly: !canEdit,
                    ariaLabel: "Definition",
                  }}
                />
              </div>
              <div className="h-36 border-t border-zinc-200 dark:border-zinc-700">
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
