"use server";

import { headers } from "next/headers";
import { acceptInvitation } from "@/lib/orgs/invitations";
import { clientAddress } from "@/lib/auth/client-address";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";
import { AppError } from "@/lib/errors";

/** The form's one field, `accept=yes`, is the user's explicit "join" (a GET of the link joins nothing). */
export async function acceptInvitationAction(token: string, _prev: ActionState<string>, form: FormData): Promise<ActionState<string>> {
  return authedAction(
    async (actor) => {
      const h = await headers();
      if (formFields(form).accept !== "yes") throw new AppError("invalid_input", "Press Accept to join the organization.");
      return (await acceptInvitation(actor, token, { address: clientAddress(h), userAgent: h.get("user-agent") ?? undefined })).organization;
    },
    { redirectTo: (org) => `/${encodeURIComponent(org)}` },
  );
}
