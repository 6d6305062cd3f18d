import { endpoint, json, presentedToken } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { openFromRequest } from "@/lib/api/open-route";

type Ctx = { params: Promise<{ org: string; project: string; env: string; version: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  POST: async (request, ctx) => openFromRequest(request, presentedToken(request), await envRef(ctx), await segment(ctx, "version")),
});
