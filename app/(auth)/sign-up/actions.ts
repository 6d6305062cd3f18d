"use server";

import { signUp } from "@/lib/users/users";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";

export async function signUpAction(_prev: ActionState<{ email: string }>, form: FormData): Promise<ActionState<{ email: string }>> {
  return runAction(async () => {
    const user = await signUp(formFields(form));
    return { email: user.email };
  });
}
