import { authenticate, route } from "@/lib/api/http";
import { envRef } from "@/lib/api/params";
import { escGetDefinition } from "@/lib/api/environments";

type Ctx = { params: Promise<{ org: string; project: string; env: string; version: string }> };

export const GET = route<Ctx>(async (request, ctx) => {
  const version = decodeURIComponent((await ctx.params).version);
  const { yaml, revision } = await escGetDefinition(await authenticate(request), await envRef(ctx), version);
  return new Response(yaml, { headers: { "content-type": "application/x-yaml; charset=utf-8", etag: `"${revision}"`, "x-ferry-revision": String(revision), "cache-control": "no-store" } });
});
