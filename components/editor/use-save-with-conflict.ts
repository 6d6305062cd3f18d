"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { EditorSaveResult as SaveResult } from "@/lib/environments/schema";
import type { LiveCheck } from "./browser-check";
import type { Notice } from "./editor-notice";
import type { Problem } from "./problems-list";

export type SaveInput = { yaml: string; message?: string; baseRevision: number };
type Conflict = Extract<SaveResult, { status: "conflict" }>;

export interface SaveState {
  /** the last saved text and its revision: what "dirty" and a save's base revision are measured against */
  saved: { yaml: string; revision: number };
  message: string;
  setMessage: (m: string) => void;
  saving: boolean;
  save: () => void;
  /** the errors a save is waiting on the user to accept, or null */
  confirmErrors: Problem[] | null;
  confirmSave: () => void;
  cancelSave: () => void;
  /** someone saved in between; the merge view replaces the editor until this is resolved */
  conflict: Conflict | null;
  saveMerged: (merged: string) => void;
  discardMine: () => void;
}

/**
 * Save, conflict-checked: a save names the revision it was editing, and a newer one on the server
 * comes back as a conflict for the merge view instead of overwriting someone's work. A text with
 * errors needs a confirmation. Ctrl+S (anywhere on the page, editor focused or not) saves.
 */
export function useSaveWithConflict(opts: {
  initial: { yaml: string; revision: number };
  canEdit: boolean;
  text: string;
  setText: (t: string) => void;
  /** the Monaco editor holds its own copy of the text: a save puts the stored one back into it */
  setEditorValue: (t: string) => void;
  /** problems of the live check of `checkedText` */
  problems: Problem[];
  check: LiveCheck | null;
  checkedText: RefObject<string | null>;
  save: (input: SaveInput) => Promise<SaveResult>;
  setNotice: (n: Notice | null) => void;
}): SaveState {
  const { canEdit, text, setText, setEditorValue, problems, check, checkedText, setNotice } = opts;
  const [saved, setSaved] = useState(opts.initial);
  const [message, setMessage] = useState("");
  const [saving, setSaving] = useState(false);
  const [confirmErrors, setConfirmErrors] = useState<Problem[] | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const pendingSave = useRef<string | null>(null);

  const doSave = useCallback(
    async (yaml: string, baseRevision: number) => {
      setSaving(true);
      setNotice(null);
      const r = await opts.save({ yaml, message, baseRevision }).catch(() => ({ status: "error", message: "The save did not reach the server. Your text is still here; try again." }) as SaveResult);
      setSaving(false);
      if (r.status === "saved") {
        setSaved({ yaml: r.yaml, revision: r.revision.number });
        setText(r.yaml);
        setEditorValue(r.yaml);
        setMessage("");
        setConflict(null);
        setNotice({ tone: "ok", text: `Saved revision ${r.revision.number}.` });
      } else if (r.status === "conflict") {
        setConflict(r);
      } else {
        setNotice({ tone: "error", text: r.message });
      }
    },
    [opts.save, message, setText, setEditorValue, setNotice],
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
  }, [canEdit, saving, problems, doSave, text, saved.revision, checkedText]);
  const saveRef = useRef(save);
  saveRef.current = save;
  // a Save pressed before the check caught up goes ahead once it has, unless the text changed since
  useEffect(() => {
    if (pendingSave.current === null) return;
    if (pendingSave.current !== text) pendingSave.current = null;
    else if (checkedText.current === text) saveRef.current();
  }, [check, text, checkedText]);

  // The one Ctrl+S binding. On the window rather than a Monaco command: it must work with focus
  // in the message field too, and Monaco lets keys it has no binding for bubble up to here.
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

  return {
    saved,
    message,
    setMessage,
    saving,
    save,
    confirmErrors,
    confirmSave: () => {
      setConfirmErrors(null);
      void doSave(text, saved.revision);
    },
    cancelSave: () => setConfirmErrors(null),
    conflict,
    saveMerged: (merged) => {
      if (!conflict) return;
      setText(merged);
      void doSave(merged, conflict.current.revision);
    },
    discardMine: () => {
      if (!conflict) return;
      setSaved({ yaml: conflict.current.yaml, revision: conflict.current.revision });
      setText(conflict.current.yaml);
      setConflict(null);
    },
  };
}
