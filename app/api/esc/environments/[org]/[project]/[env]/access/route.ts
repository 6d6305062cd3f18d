// Who has what on an environment, and why; grants on it (by whoever has admin on it).
import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { grantEnvironmentAccess, listEnvironmentAccess, revokeEnvironmentAccess } from "@/lib/access/grants";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  GET: async (request, ctx) => json(await listEnvironmentAccess(await authenticate(request), await envRef(ctx))),

  /** { user | team, permission }: sets (adds or changes) the grant */
  PUT: async (request, ctx) => {
    const actor = await authenticate(request);
    const ref = await envRef(ctx);
    await grantEnvironmentAccess(actor, ref, await readJson(request));
    return json(await listEnvironmentAccess(actor, ref));
  },

  /** ?user=<email> or ?team=<name> */
  DELETE: async (request, ctx) => {
    const actor = await authenticate(request);
    const q = new URL(request.url).searchParams;
    const who = { ...(q.has("user") ? { user: q.get("user") } : {}), ...(q.has("team") ? { team: q.get("team") } : {}) };
    await revokeEnvironmentAccess(actor, await envRef(ctx), who);
    return new Response(null, { status: 204 });
  },
});
