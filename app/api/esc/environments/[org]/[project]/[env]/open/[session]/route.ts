import { authenticate, json, route } from "@/lib/api/http";
import { envRef } from "@/lib/api/params";
import { readOpenSession } from "@/lib/api/open-sessions";

type Ctx = { params: Promise<{ org: string; project: string; env: string; session: string }> };

/** The opened environment, or one property of it with ?property=a.b[0]. */
export const GET = route<Ctx>(async (request, ctx) => {
  const session = decodeURIComponent((await ctx.params).session);
  const property = new URL(request.url).searchParams.get("property") ?? undefined;
  return json(await readOpenSession(await authenticate(request), await envRef(ctx), session, property));
});
