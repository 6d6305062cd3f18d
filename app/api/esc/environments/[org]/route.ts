import { authenticate, json, readJson, route } from "@/lib/api/http";
import { escCreateEnvironment, escListEnvironments } from "@/lib/api/environments";

type Ctx = { params: Promise<{ org: string }> };
const orgOf = async (ctx: Ctx) => decodeURIComponent((await ctx.params).org);

export const GET = route<Ctx>(async (request, ctx) => json(await escListEnvironments(await authenticate(request), await orgOf(ctx))));

export const POST = route<Ctx>(async (request, ctx) => {
  const actor = await authenticate(request);
  const ref = await escCreateEnvironment(actor, await orgOf(ctx), await readJson(request));
  return json({ organization: ref.org, project: ref.project, name: ref.name }, { status: 201 });
});
