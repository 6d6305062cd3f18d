import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { getSettings, patchSettings } from "@/lib/environments/settings";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  GET: async (request, ctx) => json(await getSettings(await authenticate(request), await envRef(ctx))),
  /** { deletionProtected? } */
  PATCH: async (request, ctx) => {
    await patchSettings(await authenticate(request), await envRef(ctx), await readJson(request));
    return new Response(null, { status: 204 });
  },
});
