"use server";

import { deleteEnvironmentConfirmed } from "@/lib/environments/environments";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

export async function deleteEnvironmentAction(ref: EnvironmentRef, _prev: ActionState<undefined>, form: FormData): Promise<ActionState<undefined>> {
  return authedAction(
    async (actor) => {
      await deleteEnvironmentConfirmed(actor, ref, formFields(form));
      return undefined;
    },
    { revalidate: () => ({ layout: `/${ref.org}` }), redirectTo: () => `/${ref.org}` },
  );
}
