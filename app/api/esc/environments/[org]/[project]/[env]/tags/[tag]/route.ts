import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { deleteEnvTag, getEnvTag, updateEnvTag } from "@/lib/environments/env-tags";

type Ctx = { params: Promise<{ org: string; project: string; env: string; tag: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => json(await getEnvTag(await authenticate(request), await envRef(ctx), await segment(ctx, "tag"))),
  /** { currentTag: { value }, newTag: { name?, value? } }: a value changed meanwhile is a 409. */
  PATCH: async (request, ctx) => json(await updateEnvTag(await authenticate(request), await envRef(ctx), await segment(ctx, "tag"), await readJson(request))),
  DELETE: async (request, ctx) => {
    await deleteEnvTag(await authenticate(request), await envRef(ctx), await segment(ctx, "tag"));
    return new Response(null, { status: 204 });
  },
});
