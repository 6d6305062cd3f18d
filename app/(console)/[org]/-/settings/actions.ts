"use server";

import { setOidcSubjectFormat } from "@/lib/orgs/oidc-settings";
import { setDefaultPermission } from "@/lib/access/grants";
import { setAuditRetentionDays } from "@/lib/audit/retention";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

export async function setSubjectFormatAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(async (actor) => (await setOidcSubjectFormat(actor, org, formFields(form))).subjectFormat, {
    message: (format) => `Tokens now use the ${format} subject format.`,
    revalidate: () => ({ layout: `/${org}` }),
  });
}

export async function setDefaultPermissionAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(
    async (actor) => {
      const { permission } = formFields(form);
      await setDefaultPermission(actor, org, { permission });
      return `Members now get "${permission}" where no grant names them.`;
    },
    { message: (m) => m, revalidate: () => ({ layout: `/${org}` }) },
  );
}

export async function setAuditRetentionAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(
    async (actor) => {
      const days = await setAuditRetentionDays(actor, org, formFields(form));
      return days === null ? "Audit events are now kept forever." : `Audit events are now kept for ${days} ${days === 1 ? "day" : "days"}; older ones are removed when the log is pruned.`;
    },
    { message: (m) => m, revalidate: () => `/${org}/-/settings` },
  );
}
