"use server";

import { createOrganization } from "@/lib/orgs/orgs";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

export async function createOrganizationAction(_prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => (await createOrganization(actor, formFields(form))).name, { redirectTo: (name) => `/${name}` });
}
