"use server";

import { createEnvironment } from "@/lib/environments/environments";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

export async function createEnvironmentAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(
    async (actor) => {
      const ref = await createEnvironment(actor, org, formFields(form));
      return `/${ref.org}/${ref.project}/${ref.name}`;
    },
    { revalidate: () => ({ layout: `/${org}` }), redirectTo: (path) => path },
  );
}
