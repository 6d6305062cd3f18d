import { authenticate, endpoint, readJson } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { retractRevision } from "@/lib/environments/retract";

type Ctx = { params: Promise<{ org: string; project: string; env: string; version: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** { replacement?, reason? }: from now on the revision serves the replacement's definition (default: the newest). */
  POST: async (request, ctx) => {
    await retractRevision(await authenticate(request), await envRef(ctx), await segment(ctx, "version"), await readJson(request));
    return new Response(null, { status: 204 });
  },
});
