"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { acceptInvitation } from "@/lib/orgs/invitations";
import { clientAddress } from "@/lib/auth/client-address";
import { formFields, runAction, type ActionState } from "@/lib/actions/action-state";
import { AppError } from "@/lib/errors";

/** The form's one field, `accept=yes`, is the user's explicit "join" (a GET of the link joins nothing). */
export async function acceptInvitationAction(token: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  const actor = await requireActor();
  const h = await headers();
  const result = await runAction(async () => {
    if (formFields(form).accept !== "yes") throw new AppError("invalid_input", "Press Accept to join the organization.");
    return (await acceptInvitation(actor, token, { address: clientAddress(h), userAgent: h.get("user-agent") ?? undefined })).organization;
  });
  if (result.status === "ok") redirect(`/${encodeURIComponent(result.data)}`);
  return result;
}
