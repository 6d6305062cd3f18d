import { authenticate, json, route } from "@/lib/api/http";
import { envRef } from "@/lib/api/params";
import { rollbackTo } from "@/lib/environments/revisions";

type Ctx = { params: Promise<{ org: string; project: string; env: string; version: string }> };

/** Ferry extension: makes an old revision current by saving it as a new revision. */
export const POST = route<Ctx>(async (request, ctx) => {
  const version = decodeURIComponent((await ctx.params).version);
  const saved = await rollbackTo(await authenticate(request), await envRef(ctx), version);
  return json(saved);
});
