import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { namePage } from "@/lib/api/paging";
import { createEnvTag, listEnvTags } from "@/lib/environments/env-tags";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /** `{ tags: { <name>: tag }, nextToken }`, by name; `?after=&count=` page. */
  GET: async (request, ctx) => {
    const { tags, more } = await listEnvTags(await authenticate(request), await envRef(ctx), namePage(request));
    return json({ tags: Object.fromEntries(tags.map((t) => [t.name, t])), nextToken: more ? tags.at(-1)!.name : "" });
  },
  /** { name, value }; an existing name is a 409. */
  POST: async (request, ctx) => json(await createEnvTag(await authenticate(request), await envRef(ctx), await readJson(request))),
});
