import { authenticate, endpoint } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { revokeRunToken } from "@/lib/runs/run-tokens";

type Ctx = { params: Promise<{ org: string; project: string; env: string; id: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  DELETE: async (request, ctx) => {
    await revokeRunToken(await authenticate(request), await envRef(ctx), await segment(ctx, "id"));
    return new Response(null, { status: 204 });
  },
});
