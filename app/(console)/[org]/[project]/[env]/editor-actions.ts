"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment, saveDefinition } from "@/lib/environments/environments";
import { readImportDefinitions, type ImportDefinition } from "@/lib/environments/imports";
import type { EditorSaveResult, EnvironmentRef } from "@/lib/environments/schema";
import { isAppError } from "@/lib/errors";
import { unexpectedError } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

type SaveResult = EditorSaveResult;

/** Saves the editor's text on top of the revision it was editing; a newer save is a conflict. */
export async function saveEditorAction(ref: EnvironmentRef, input: { yaml: string; message?: string; baseRevision: number }): Promise<SaveResult> {
  const actor = await requireActor();
  try {
    const revision = await saveDefinition(actor, ref, input);
    revalidatePath(`/${ref.org}`, "layout");
    // What was stored (secrets now ciphertext), so the editor shows the saved truth.
    const env = await getEnvironment(actor, ref);
    return { status: "saved", revision, yaml: env.yaml };
  } catch (e) {
    if (isAppError(e) && e.code === "conflict") {
      const env = await getEnvironment(actor, ref);
      return { status: "conflict", message: e.message, current: { revision: env.headRevision, yaml: env.yaml, author: null } };
    }
    if (isAppError(e)) return { status: "error", message: e.message };
    return { status: "error", message: unexpectedError(e).message };
  }
}

export async function loadImportsAction(org: string, names: string[]) {
  return authedAction<Record<string, ImportDefinition>>((actor) => readImportDefinitions(actor, org, names));
}
