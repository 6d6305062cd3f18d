import { authenticate, endpoint } from "@/lib/api/http";
import { removeTeamMember } from "@/lib/access/teams";

type Ctx = { params: Promise<{ org: string; team: string; email: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  DELETE: async (request, ctx) => {
    const actor = await authenticate(request);
    const { org, team, email } = await ctx.params;
    await removeTeamMember(actor, org, team, { email });
    return new Response(null, { status: 204 });
  },
});
