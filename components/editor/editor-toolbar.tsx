"use client";

import { Button } from "@/components/ui/button";
import type { OpenState } from "./use-open";
import type { SaveState } from "./use-save-with-conflict";

/** Revision, message, Save, Open (Cancel while opening) and Show secrets, above the editor. */
export function EditorToolbar({ canEdit, canOpen, dirty, save, open }: { canEdit: boolean; canOpen: boolean; dirty: boolean; save: SaveState; open: OpenState }) {
  const { saving } = save;
  const { busy, showSecrets } = open;
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2">
      <span className="text-xs text-zinc-500">
        {dirty ? <span className="font-medium text-amber-600">Unsaved changes</span> : <>Revision <span data-testid="editing-revision">{save.saved.revision}</span></>}
      </span>
      <input
        aria-label="Revision message"
        value={save.message}
        onChange={(e) => save.setMessage(e.target.value)}
        placeholder="Describe the change (optional)"
        maxLength={500}
        className="min-w-40 flex-1 rounded-md border border-zinc-300 bg-transparent px-2 py-1 text-xs"
      />
      <Button type="button" onClick={save.save} disabled={!canEdit || saving || !dirty} title={!canEdit ? "You can read this environment but not edit it" : dirty ? "Save (Ctrl+S)" : "No changes to save"}>
        {saving ? "Saving…" : "Save"}
      </Button>
      {busy === "open" ? (
        <Button type="button" variant="secondary" onClick={open.cancel}>
          <span aria-hidden className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-zinc-400 border-t-transparent" />
          Cancel
        </Button>
      ) : (
        <Button type="button" variant="secondary" onClick={open.open} disabled={!canOpen || busy !== null} title={canOpen ? "Resolve providers and secrets on the server" : "You need the right to open this environment"}>
          Open
        </Button>
      )}
      <Button type="button" variant={showSecrets ? "primary" : "secondary"} aria-pressed={showSecrets} disabled={!canOpen || busy !== null} onClick={open.toggleSecrets}>
        {busy === "reveal" ? "Revealing…" : "Show secrets"}
      </Button>
    </div>
  );
}
