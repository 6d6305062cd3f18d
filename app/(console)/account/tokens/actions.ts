"use server";

import { revalidatePath } from "next/cache";
import { createAccessToken, revokeAccessToken, type CreatedAccessToken } from "@/lib/tokens/access-tokens";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";
import { AppError } from "@/lib/errors";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The form's choice of lifetime: a number of days (the form offers up to a year) or "never". */
function expiryFrom(days: string | undefined): Date | undefined {
  if (!days || days === "never") return undefined;
  if (!/^\d{1,4}$/.test(days) || Number(days) < 1) throw new AppError("invalid_input", "Choose when the token expires.", { expiresAt: "Choose when the token expires." });
  return new Date(Date.now() + Number(days) * DAY_MS);
}

export async function createAccessTokenAction(_prev: ActionState<CreatedAccessToken>, form: FormData): Promise<ActionState<CreatedAccessToken>> {
  return authedAction(
    (actor) => {
      const fields = formFields(form);
      return createAccessToken(actor, { name: fields.name, expiresAt: expiryFrom(fields.expiresInDays) });
    },
    { revalidate: () => "/account/tokens" },
  );
}

export async function revokeAccessTokenAction(id: string): Promise<ActionState<undefined>> {
  const result = await authedAction(
    async (actor) => {
      await revokeAccessToken(actor, id);
      return undefined;
    },
    { message: "Token revoked." },
  );
  // Refreshed after a failure too: the list shown may be the stale one.
  revalidatePath("/account/tokens");
  return result;
}
