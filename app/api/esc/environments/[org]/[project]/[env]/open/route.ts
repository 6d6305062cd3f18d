import { authenticate, endpoint, json } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { openFromRequest } from "@/lib/api/open-route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  POST: async (request, ctx) => openFromRequest(request, await authenticate(request), await envRef(ctx)),
});
