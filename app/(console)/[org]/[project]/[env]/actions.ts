"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { deleteEnvironmentConfirmed } from "@/lib/environments/environments";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

export async function deleteEnvironmentAction(ref: EnvironmentRef, _prev: ActionState<undefined>, form: FormData): Promise<ActionState<undefined>> {
  const actor = await requireActor();
  const result = await runAction(() => deleteEnvironmentConfirmed(actor, ref, formFields(form)));
  if (result.status === "ok") {
    revalidatePath(`/${ref.org}`, "layout");
    redirect(`/${ref.org}`);
  }
  return result;
}

