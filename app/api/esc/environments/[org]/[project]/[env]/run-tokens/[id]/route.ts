import { authenticate, route } from "@/lib/api/http";
import { envRef } from "@/lib/api/params";
import { revokeRunToken } from "@/lib/runs/run-tokens";

type Ctx = { params: Promise<{ org: string; project: string; env: string; id: string }> };

export const DELETE = route<Ctx>(async (request, ctx) => {
  await revokeRunToken(await authenticate(request), await envRef(ctx), decodeURIComponent((await ctx.params).id));
  return new Response(null, { status: 204 });
});
