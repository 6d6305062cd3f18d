"use server";

import { headers } from "next/headers";
import { clientAddress } from "@/lib/auth/client-address";
import { revokeLease } from "@/lib/leases/leases";
import type { ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

/** Deletes a lease's credentials now; a failing clean-up shows on the lease as "revocation failing". */
export async function revokeLeaseAction(org: string, id: string): Promise<ActionState<undefined>> {
  const result = await authedAction(
    async (actor) => {
      const h = await headers();
      const lease = await revokeLease(actor, org, id, { address: clientAddress(h), userAgent: h.get("user-agent") ?? undefined });
      // A refusal from the cloud is not the caller's mistake, but it must not read as success either.
      if (lease.state === "revocation_failing") return { failed: lease.error ?? "the cloud refused" };
      return { failed: undefined };
    },
    // The org-wide page and every environment's Leases tab show this lease.
    { revalidate: () => ({ layout: `/${org}` }) },
  );
  if (result.status === "ok" && result.data.failed) return { status: "error", message: `Revoking failed; Ferry keeps retrying: ${result.data.failed}` };
  return result.status === "ok" ? { status: "ok", data: undefined, message: "Lease revoked." } : result;
}
