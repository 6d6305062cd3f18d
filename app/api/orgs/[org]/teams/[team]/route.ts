import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { deleteTeam, listTeams, renameTeam } from "@/lib/access/teams";
import { notFound } from "@/lib/errors";

type Ctx = { params: Promise<{ org: string; team: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => {
    const { org, team } = await ctx.params;
    const found = (await listTeams(await authenticate(request), org)).find((t) => t.name === team);
    if (!found) throw notFound("Team");
    return json(found);
  },

  /** { name }: renames the team */
  PATCH: async (request, ctx) => {
    const actor = await authenticate(request);
    const { org, team } = await ctx.params;
    await renameTeam(actor, org, team, await readJson(request));
    return new Response(null, { status: 204 });
  },

  DELETE: async (request, ctx) => {
    const actor = await authenticate(request);
    const { org, team } = await ctx.params;
    await deleteTeam(actor, org, team);
    return new Response(null, { status: 204 });
  },
});
