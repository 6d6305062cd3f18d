"use server";

import { revalidatePath } from "next/cache";
import { createInvitation, revokeInvitation } from "@/lib/orgs/invitations";
import type { SentInvitation } from "@/lib/orgs/schema";
import { changeMemberRole, removeMember } from "@/lib/orgs/membership-changes";
import { redirect } from "next/navigation";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";
import { config } from "@/lib/config";

const membersPath = (org: string) => `/${org}/-/members`;

export async function inviteMemberAction(org: string, _prev: ActionState<SentInvitation>, form: FormData): Promise<ActionState<SentInvitation>> {
  return authedAction(
    async (actor) => {
      const inv = await createInvitation(actor, org, formFields(form));
      return { email: inv.email, role: inv.role, link: `${config().url}${inv.path}`, expiresAt: inv.expiresAt };
    },
    { revalidate: () => membersPath(org) },
  );
}

export async function revokeInvitationAction(org: string, id: string): Promise<ActionState<undefined>> {
  return authedAction(
    async (actor) => {
      await revokeInvitation(actor, org, id);
      return undefined;
    },
    { revalidate: () => membersPath(org) },
  );
}

export async function changeRoleAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(
    async (actor) => {
      const fields = formFields(form);
      await changeMemberRole(actor, org, fields);
      return `${fields.email} is now ${fields.role === "admin" ? "an admin" : "a member"}.`;
    },
    { message: (m) => m, revalidate: () => membersPath(org) },
  );
}

export async function removeMemberAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  let leaving = false;
  const result = await authedAction(async (actor) => {
    const fields = formFields(form);
    leaving = fields.self === "1";
    await removeMember(actor, org, fields);
    return `Removed ${fields.email}.`;
  });
  // Someone who left goes home at once; the organization's pages are no longer theirs to refresh.
  if (result.status === "ok") {
    if (leaving) redirect("/");
    result.message = result.data;
    revalidatePath(`/${org}`, "layout");
  }
  return result;
}
