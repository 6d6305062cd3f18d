"use server";

import { deleteTag, setTag } from "@/lib/environments/tags";
import { rollbackTo } from "@/lib/environments/revisions";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

const base = (ref: EnvironmentRef) => `/${ref.org}/${ref.project}/${ref.name}`;

export async function setTagAction(ref: EnvironmentRef, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(
    async (actor) => {
      const tag = await setTag(actor, ref, formFields(form));
      return `Tag ${tag.name} now points at revision ${tag.revision}.`;
    },
    { message: (m) => m, revalidate: () => ({ layout: base(ref) }) },
  );
}

export async function deleteTagAction(ref: EnvironmentRef, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(
    async (actor) => {
      const name = formFields(form).name ?? "";
      await deleteTag(actor, ref, name);
      return `Deleted tag ${name}.`;
    },
    { message: (m) => m, revalidate: () => ({ layout: base(ref) }) },
  );
}

export async function makeCurrentAction(ref: EnvironmentRef, _prev: ActionState<number>, form: FormData): Promise<ActionState<number>> {
  return authedAction(
    async (actor) => {
      const { version = "", baseRevision } = formFields(form);
      return (await rollbackTo(actor, ref, version, baseRevision ? Number(baseRevision) : undefined)).number;
    },
    { revalidate: () => ({ layout: base(ref) }), redirectTo: () => base(ref) },
  );
}
