import { authenticate, endpoint, json } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { rollbackTo } from "@/lib/environments/revisions";

type Ctx = { params: Promise<{ org: string; project: string; env: string; version: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** Ferry extension: makes an old revision current by saving it as a new revision. */
  POST: async (request, ctx) => json(await rollbackTo(await authenticate(request), await envRef(ctx), await segment(ctx, "version"))),
});
