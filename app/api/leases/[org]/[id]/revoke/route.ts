import { authenticate, endpoint, json, requestInfo } from "@/lib/api/http";
import { revokeLease } from "@/lib/leases/leases";

type Ctx = { params: Promise<{ org: string; id: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** Deletes the lease's credentials now → the lease (state "revoked", or "revocation_failing" with the cloud's error). */
  POST: async (request, ctx) => {
    const { org, id } = await ctx.params;
    return json(await revokeLease(await authenticate(request), org, id, requestInfo(request)));
  },
});
