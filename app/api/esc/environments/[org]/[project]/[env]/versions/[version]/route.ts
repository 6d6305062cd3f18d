import { definitionResponse } from "@/lib/api/definitions";
import { endpoint, presentedToken } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { escGetDefinition } from "@/lib/api/environments";

type Ctx = { params: Promise<{ org: string; project: string; env: string; version: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => {
    const { yaml, revision } = await escGetDefinition(presentedToken(request), await envRef(ctx), await segment(ctx, "version"));
    return definitionResponse(yaml, revision);
  },
});
