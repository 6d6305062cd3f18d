import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { createTeam, listTeams } from "@/lib/access/teams";

type Ctx = { params: Promise<{ org: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => json({ teams: await listTeams(await authenticate(request), await segment(ctx, "org")) }),

  /** { name } */
  POST: async (request, ctx) => {
    const actor = await authenticate(request);
    return json(await createTeam(actor, await segment(ctx, "org"), await readJson(request)), { status: 201 });
  },
});
