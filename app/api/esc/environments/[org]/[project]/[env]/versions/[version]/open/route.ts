import { authenticate, json, route } from "@/lib/api/http";
import { envRef } from "@/lib/api/params";
import { openFromRequest } from "@/lib/api/open-route";

type Ctx = { params: Promise<{ org: string; project: string; env: string; version: string }> };

export const POST = route<Ctx>(async (request, ctx) => {
  const version = decodeURIComponent((await ctx.params).version);
  return json(await openFromRequest(request, await authenticate(request), await envRef(ctx), version));
});
