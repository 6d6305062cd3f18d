"use server";

import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { createOrganization } from "@/lib/orgs/orgs";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

export async function createOrganizationAction(_prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => (await createOrganization(actor, formFields(form))).name);
  if (result.status === "ok") redirect(`/${result.data}`);
  return result;
}
