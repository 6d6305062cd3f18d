"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { createEnvironment } from "@/lib/environments/environments";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

export async function createEnvironmentAction(org: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    const ref = await createEnvironment(actor, org, formFields(form));
    return `/${ref.org}/${ref.project}/${ref.name}`;
  });
  if (result.status === "ok") {
    revalidatePath(`/${org}`, "layout");
    redirect(result.data);
  }
  return result;
}
