"use client";

import { Button } from "@/components/ui/button";
import type { Problem } from "./problems-list";

/**
 * Asked before saving a definition with errors: anyone who opens that revision gets the errors
 * instead of values, so the save goes ahead only when the user says so. "Keep editing" has focus.
 */
export function ConfirmErrorsDialog({ errors, onCancel, onConfirm }: { errors: Problem[]; onCancel: () => void; onConfirm: () => void }) {
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
