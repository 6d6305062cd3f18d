import type { Metadata } from "next";
import Link from "next/link";
import { getActor } from "@/lib/auth/session";
import { viewInvitation, type InvitationView } from "@/lib/orgs/invitations";
import { isAppError } from "@/lib/errors";
import { Alert } from "@/components/ui/card";
import { ActionForm } from "@/components/ui/action-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { acceptInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const STATE_TEXT = {
  used: "This invitation has already been used.",
  revoked: "This invitation was revoked.",
  expired: "This invitation has expired.",
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const actor = await getActor();
  let view: InvitationView;
  try {
    view = await viewInvitation(token, new Date(), actor);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold">Invitation</h1>
        <Alert>{e.message}</Alert>
      </div>
    );
  }
  const here = `/invite/${token}`;
  const role = view.role === "admin" ? "an admin" : "a member";
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Join {view.organization}</h1>
        <p className="mt-1 text-sm text-zinc-600">
          {view.invitedBy ?? "An admin"} invited {view.maskedEmail} to join <strong>{view.organization}</strong> as {role}.
        </p>
      </div>
      {view.state !== "pending" ? (
        <Alert>{STATE_TEXT[view.state]} Ask an admin of {view.organization} for a new one.</Alert>
      ) : !actor ? (
        <div className="space-y-2">
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className="block w-full rounded-md bg-brand-600 px-3 py-2 text-center text-sm font-medium text-white hover:bg-brand-700">
            Sign in to accept
          </Link>
          <Link href={`/sign-up?invitation=${encodeURIComponent(token)}`} className="block w-full rounded-md border border-zinc-300 px-3 py-2 text-center text-sm font-medium hover:bg-zinc-50">
            Create an account
          </Link>
          <p className="text-xs text-zinc-500">Use the invited address, {view.maskedEmail}.</p>
        </div>
      ) : view.forYou ? (
        <ActionForm action={acceptInvitationAction.bind(null, token)} submit={`Accept and join ${view.organization}`} pendingLabel="Joining…" className="flex">
          <input type="hidden" name="accept" value="yes" />
        </ActionForm>
      ) : (
        <div className="space-y-3">
          <Alert>This invitation is for {view.maskedEmail}; sign in as that account.</Alert>
          <SignOutButton callbackUrl={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} />
        </div>
      )}
    </div>
  );
}
