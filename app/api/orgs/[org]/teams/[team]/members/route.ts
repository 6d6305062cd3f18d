import { authenticate, endpoint, readJson } from "@/lib/api/http";
import { addTeamMember } from "@/lib/access/teams";

type Ctx = { params: Promise<{ org: string; team: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** { email } */
  POST: async (request, ctx) => {
    const actor = await authenticate(request);
    const { org, team } = await ctx.params;
    await addTeamMember(actor, org, team, await readJson(request));
    return new Response(null, { status: 204 });
  },
});
