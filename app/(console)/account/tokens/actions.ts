"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { createAccessToken, revokeAccessToken, type CreatedAccessToken } from "@/lib/tokens/access-tokens";
import { runAction, type ActionState } from "@/lib/actions/action-state";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createAccessTokenAction(_prev: ActionState<CreatedAccessToken>, form: FormData): Promise<ActionState<CreatedAccessToken>> {
  const actor = await requireActor();
  const days = String(form.get("expiresInDays") ?? "");
  const expiresAt = days && days !== "never" ? new Date(Date.now() + Number(days) * DAY_MS) : undefined;
  const result = await runAction(() => createAccessToken(actor, { name: form.get("name"), expiresAt }));
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
