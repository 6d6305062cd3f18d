"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { deleteTag, setTag } from "@/lib/environments/tags";
import { rollbackTo } from "@/lib/environments/revisions";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

const base = (ref: EnvironmentRef) => `/${ref.org}/${ref.project}/${ref.name}`;

export async function setTagAction(ref: EnvironmentRef, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    const tag = await setTag(actor, ref, formFields(form));
    return `Tag ${tag.name} now points at revision ${tag.revision}.`;
  });
  if (result.status === "ok") {
    result.message = result.data;
    revalidatePath(base(ref), "layout");
  }
  return result;
}

export async function deleteTagAction(ref: EnvironmentRef, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const name = String(form.get("name") ?? "");
  const result = await runAction(async () => {
    await deleteTag(actor, ref, name);
    return `Deleted tag ${name}.`;
  });
  if (result.status === "ok") {
    result.message = result.data;
    revalidatePath(base(ref), "layout");
  }
  return result;
}

export async function makeCurrentAction(ref: EnvironmentRef, _prev: ActionState<number>, form: FormData): Promise<ActionState<number>> {
  const actor = await requireActor();
  const version = String(form.get("version") ?? "");
  const head = form.get("baseRevision");
  const result = await runAction(async () => (await rollbackTo(actor, ref, version, head ? Number(head) : undefined)).number);
  if (result.status === "ok") {
    revalidatePath(base(ref), "layout");
    redirect(base(ref));
  }
  return result;
}
