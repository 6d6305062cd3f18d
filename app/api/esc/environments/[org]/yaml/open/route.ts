import { authenticate, endpoint } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { openYamlFromRequest } from "@/lib/api/open-route";

type Ctx = { params: Promise<{ org: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** Opens a definition that belongs to no environment (ESC's anonymous open): `{id}`. */
  POST: async (request, ctx) => openYamlFromRequest(request, await authenticate(request), await segment(ctx, "org")),
});
