import { authenticate, json, readJson, route } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escListTags } from "@/lib/api/environments";
import { setTag } from "@/lib/environments/tags";

export const GET = route<EnvContext>(async (request, ctx) => json(await escListTags(await authenticate(request), await envRef(ctx))));

/** { name, revision } */
export const POST = route<EnvContext>(async (request, ctx) => {
  const tag = await setTag(await authenticate(request), await envRef(ctx), await readJson(request));
  return json({ name: tag.name, revision: tag.revision, created: tag.updatedAt, modified: tag.updatedAt });
});
