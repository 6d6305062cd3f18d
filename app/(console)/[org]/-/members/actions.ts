"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { createInvitation, revokeInvitation } from "@/lib/orgs/invitations";
import type { SentInvitation } from "@/lib/orgs/schema";
import { changeMemberRole, removeMember } from "@/lib/orgs/membership-changes";
import { redirect } from "next/navigation";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";
import { config } from "@/lib/config";

export async function inviteMemberAction(org: string, _prev: ActionState<SentInvitation>, form: FormData): Promise<ActionState<SentInvitation>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    const inv = await createInvitation(actor, org, formFields(form));
    return { email: inv.email, role: inv.role, link: `${config().url}${inv.path}`, expiresAt: inv.expiresAt };
  });
  if (result.status === "ok") revalidatePath(`/${org}/-/members`);
  return result;
}

export async function revokeInvitationAction(org: string, id: string): Promise<ActionState<undefined>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    await revokeInvitation(actor, org, id);
    return undefined;
  });
  if (result.status === "ok") revalidatePath(`/${org}/-/members`);
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
  let leaving = false;
  const result = await runAction(async () => {
    const fields = formFields(form);
    leaving = fields.self === "1";
    await removeMember(actor, org, fields);
    return `Removed ${fields.email}.`;
  });
  if (result.status === "ok") {
    if (leaving) redirect("/");
    result.message = result.data;
    revalidatePath(`/${org}`, "layout");
  }
  return result;
}
