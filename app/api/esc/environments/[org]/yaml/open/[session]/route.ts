import { authenticate, endpoint, json } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { readAnonymousOpenSession } from "@/lib/environments/open-sessions";

type Ctx = { params: Promise<{ org: string; session: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** The opened definition, or one property of it with ?property=a.b[0]. */
  GET: async (request, ctx) => {
    const property = new URL(request.url).searchParams.get("property") ?? undefined;
    return json(await readAnonymousOpenSession(await authenticate(request), await segment(ctx, "org"), await segment(ctx, "session"), property));
  },
});
