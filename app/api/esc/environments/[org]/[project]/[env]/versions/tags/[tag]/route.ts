import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { escGetTag } from "@/lib/api/environments";
import { deleteTag, setTag } from "@/lib/environments/tags";
import { parseInput } from "@/lib/validation/form";
import { z } from "zod";

// `{}` moves the tag to the newest revision, as in ESC; anything else in the body is a mistake.
const ZMoveTag = z.object({ revision: z.unknown().optional() }, { message: 'Send a JSON object such as {"revision": 3}.' }).strict();

type Ctx = { params: Promise<{ org: string; project: string; env: string; tag: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => json(await escGetTag(await authenticate(request), await envRef(ctx), await segment(ctx, "tag"))),

  /** { revision? }: moves an existing tag (a missing one is a 404); 204 as ESC answers. */
  PATCH: async (request, ctx) => {
    const actor = await authenticate(request);
    const { revision } = parseInput(ZMoveTag, await readJson(request));
    await setTag(actor, await envRef(ctx), { name: await segment(ctx, "tag"), revision }, "move");
    return new Response(null, { status: 204 });
  },

  DELETE: async (request, ctx) => {
    await deleteTag(await authenticate(request), await envRef(ctx), await segment(ctx, "tag"));
    return new Response(null, { status: 204 });
  },
});
