"use server";

import { grantEnvironmentAccess, revokeEnvironmentAccess } from "@/lib/access/grants";
import { granteeFromKey } from "@/lib/access/schema";
import { formatRef, type EnvironmentRef } from "@/lib/environments/schema";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

const accessPage = (ref: EnvironmentRef) => ({ message: (m: string) => m, revalidate: () => `/${formatRef(ref)}/access` });

/** form: grantee ("user:<email>" | "team:<name>"), permission */
export async function grantAccessAction(ref: EnvironmentRef, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => {
    const { grantee, permission } = formFields(form);
    await grantEnvironmentAccess(actor, ref, { ...granteeFromKey(grantee), permission });
    return `${grantee.slice(5)} is now ${permission} here.`;
  }, accessPage(ref));
}

/** form: grantee */
export async function revokeAccessAction(ref: EnvironmentRef, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => {
    const { grantee } = formFields(form);
    await revokeEnvironmentAccess(actor, ref, granteeFromKey(grantee));
    return `Removed the grant to ${grantee.slice(5)}.`;
  }, accessPage(ref));
}
