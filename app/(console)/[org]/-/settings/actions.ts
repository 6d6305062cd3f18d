"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { setOidcSubjectFormat } from "@/lib/orgs/oidc-settings";
import { setDefaultPermission } from "@/lib/access/grants";
import { setAuditRetentionDays } from "@/lib/audit/retention";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

export async function setSubjectFormatAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => (await setOidcSubjectFormat(actor, org, formFields(form))).subjectFormat);
  if (result.status === "ok") {
    result.message = `Tokens now use the ${result.data} subject format.`;
    revalidatePath(`/${org}`, "layout");
  }
  return result;
}

export async function setDefaultPermissionAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    const { permission } = formFields(form);
    await setDefaultPermission(actor, org, { permission });
    return `Members now get "${permission}" where no grant names them.`;
  });
  if (result.status === "ok") {
    result.message = result.data;
    revalidatePath(`/${org}`, "layout");
  }
  return result;
}

export async function setAuditRetentionAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    const days = await setAuditRetentionDays(actor, org, formFields(form));
    return days === null ? "Audit events are now kept forever." : `Audit events are now kept for ${days} ${days === 1 ? "day" : "days"}; older ones are removed when the log is pruned.`;
  });
  if (result.status === "ok") {
    result.message = result.data;
    revalidatePath(`/${org}/-/settings`);
  }
  return result;
}
