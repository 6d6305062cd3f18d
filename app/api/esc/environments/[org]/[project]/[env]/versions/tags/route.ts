import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escListTags } from "@/lib/api/environments";
import { namePage } from "@/lib/api/paging";
import { setTag } from "@/lib/environments/tags";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /** ?after=<name>&count=<n>, by name */
  GET: async (request, ctx) => json(await escListTags(await authenticate(request), await envRef(ctx), namePage(request))),

  /** { name, revision? }: creates a tag (an existing one is a 409); 204 as ESC answers. */
  POST: async (request, ctx) => {
    const actor = await authenticate(request);
    await setTag(actor, await envRef(ctx), await readJson(request), "create");
    return new Response(null, { status: 204 });
  },
});
