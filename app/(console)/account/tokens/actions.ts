"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { createAccessToken, revokeAccessToken, type CreatedAccessToken } from "@/lib/tokens/access-tokens";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";
import { AppError } from "@/lib/errors";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The form's choice of lifetime: a number of days (the form offers up to a year) or "never". */
function expiryFrom(days: string | undefined): Date | undefined {
  if (!days || days === "never") return undefined;
  if (!/^\d{1,4}$/.test(days) || Number(days) < 1) throw new AppError("invalid_input", "Choose when the token expires.", { expiresAt: "Choose when the token expires." });
  return new Date(Date.now() + Number(days) * DAY_MS);
}

export async function createAccessTokenAction(_prev: ActionState<CreatedAccessToken>, form: FormData): Promise<ActionState<CreatedAccessToken>> {
  const actor = await requireActor();
  const result = await runAction(() => {
    const fields = formFields(form);
    return createAccessToken(actor, { name: fields.name, expiresAt: expiryFrom(fields.expiresInDays) });
  });
  if (result.status === "ok") revalidatePath("/account/tokens");
  return result;
}

export async function revokeAccessTokenAction(id: string): Promise<ActionState<undefined>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    await revokeAccessToken(actor, id);
    return undefined;
  }, "Token revoked.");
  revalidatePath("/account/tokens");
  return result;
}
