"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { addMember } from "@/lib/orgs/orgs";
import { changeMemberRole, removeMember } from "@/lib/orgs/membership-changes";
import { redirect } from "next/navigation";
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

export async function changeRoleAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    const fields = formFields(form);
    await changeMemberRole(actor, org, fields);
    return `${fields.email} is now ${fields.role === "admin" ? "an admin" : "a member"}.`;
  });
  if (result.status === "ok") {
    result.message = result.data;
    revalidatePath(`/${org}/-/members`);
  }
  return result;
}

export async function removeMemberAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const fields = formFields(form);
  const result = await runAction(async () => {
    await removeMember(actor, org, fields);
    return `Removed ${fields.email}.`;
  });
  if (result.status === "ok") {
    if (fields.self === "1") redirect("/");
    result.message = result.data;
    revalidatePath(`/${org}`, "layout");
  }
  return result;
}
