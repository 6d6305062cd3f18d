import { authenticate, endpoint } from "@/lib/api/http";
import { revokeInvitation } from "@/lib/orgs/invitations";

type Ctx = { params: Promise<{ org: string; id: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** revokes a pending invitation */
  DELETE: async (request, ctx) => {
    const actor = await authenticate(request);
    const { org, id } = await ctx.params;
    await revokeInvitation(actor, org, id);
    return new Response(null, { status: 204 });
  },
});
