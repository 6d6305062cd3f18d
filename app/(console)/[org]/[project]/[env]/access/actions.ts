"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { grantEnvironmentAccess, revokeEnvironmentAccess } from "@/lib/access/grants";
import { granteeFromKey } from "@/lib/access/schema";
import { formatRef, type EnvironmentRef } from "@/lib/environments/schema";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

/** form: grantee ("user:<email>" | "team:<name>"), permission */
export async function grantAccessAction(ref: EnvironmentRef, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    const { grantee, permission } = formFields(form);
    await grantEnvironmentAccess(actor, ref, { ...granteeFromKey(grantee), permission });
    return `${grantee.slice(5)} is now ${permission} here.`;
  });
  if (result.status === "ok") {
    result.message = result.data;
    revalidatePath(`/${formatRef(ref)}/access`);
  }
  return result;
}

/** form: grantee */
export async function revokeAccessAction(ref: EnvironmentRef, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    const { grantee } = formFields(form);
    await revokeEnvironmentAccess(actor, ref, granteeFromKey(grantee));
    return `Removed the grant to ${grantee.slice(5)}.`;
  });
  if (result.status === "ok") {
    result.message = result.data;
    revalidatePath(`/${formatRef(ref)}/access`);
  }
  return result;
}
