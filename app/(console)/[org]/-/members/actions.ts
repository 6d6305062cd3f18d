"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { addMember } from "@/lib/orgs/orgs";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

export async function addMemberAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => (await addMember(actor, org, formFields(form))).email);
  if (result.status === "ok") {
    result.message = `Added ${result.data}.`;
    revalidatePath(`/${org}/-/members`);
  }
  return result;
}
