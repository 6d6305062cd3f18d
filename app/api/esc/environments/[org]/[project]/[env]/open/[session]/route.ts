import { endpoint, json, presentedToken } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { readOpenSession } from "@/lib/environments/open-sessions";

type Ctx = { params: Promise<{ org: string; project: string; env: string; session: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** The opened environment, or one property of it with ?property=a.b[0]. */
  GET: async (request, ctx) => {
    const property = new URL(request.url).searchParams.get("property") ?? undefined;
    return json(await readOpenSession(presentedToken(request), await envRef(ctx), await segment(ctx, "session"), property));
  },
});
