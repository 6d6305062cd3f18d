"use server";

import { headers } from "next/headers";
import { signUpFromForm } from "@/lib/users/users";
import { clientAddress } from "@/lib/auth/client-address";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

export async function signUpAction(_prev: ActionState<{ email: string }>, form: FormData): Promise<ActionState<{ email: string }>> {
  const h = await headers();
  return runAction(async () => signUpFromForm(formFields(form), { address: clientAddress(h), userAgent: h.get("user-agent") ?? undefined }));
}
