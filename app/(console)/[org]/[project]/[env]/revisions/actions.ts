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
  const result = await runAction(async () => {
    const name = formFields(form).name ?? "";
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
  const result = await runAction(async () => {
    const { version = "", baseRevision } = formFields(form);
    return (await rollbackTo(actor, ref, version, baseRevision ? Number(baseRevision) : undefined)).number;
  });
  if (result.status === "ok") {
    revalidatePath(base(ref), "layout");
    redirect(base(ref));
  }
  return result;
}
