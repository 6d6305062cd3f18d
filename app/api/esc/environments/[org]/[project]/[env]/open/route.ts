import { endpoint, json, presentedToken } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { openFromRequest } from "@/lib/api/open-route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  POST: async (request, ctx) => openFromRequest(request, presentedToken(request), await envRef(ctx)),
});
