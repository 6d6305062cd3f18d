import { authenticate, json, readJson, route } from "@/lib/api/http";
import { envRef } from "@/lib/api/params";
import { escGetTag } from "@/lib/api/environments";
import { deleteTag, setTag } from "@/lib/environments/tags";

type Ctx = { params: Promise<{ org: string; project: string; env: string; tag: string }> };
const tagOf = async (ctx: Ctx) => decodeURIComponent((await ctx.params).tag);

export const GET = route<Ctx>(async (request, ctx) => json(await escGetTag(await authenticate(request), await envRef(ctx), await tagOf(ctx))));

/** { revision } */
export const PATCH = route<Ctx>(async (request, ctx) => {
  const body = (await readJson(request)) as { revision?: unknown };
  const tag = await setTag(await authenticate(request), await envRef(ctx), { name: await tagOf(ctx), revision: body?.revision });
  return json({ name: tag.name, revision: tag.revision, created: tag.updatedAt, modified: tag.updatedAt });
});

export const DELETE = route<Ctx>(async (request, ctx) => {
  await deleteTag(await authenticate(request), await envRef(ctx), await tagOf(ctx));
  return new Response(null, { status: 204 });
});
