import { authenticate, endpoint, json, readJson, requestInfo } from "@/lib/api/http";
import { renewLease } from "@/lib/leases/leases";

type Ctx = { params: Promise<{ org: string; id: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** { increment?: "1h" } → the lease with its new expiresAt (never past maxExpiresAt). */
  POST: async (request, ctx) => {
    const { org, id } = await ctx.params;
    const actor = await authenticate(request);
    return json(await renewLease(actor, org, id, await readJson(request), requestInfo(request)));
  },
});
