"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { setOidcSubjectFormat } from "@/lib/oidc/trust";
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
