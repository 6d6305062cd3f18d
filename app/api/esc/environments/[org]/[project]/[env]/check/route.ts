import { authenticate, json, readText, route } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escCheck } from "@/lib/api/environments";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/schema";

/** Checks the body (a draft definition) or, with an empty body, the current revision. */
export const POST = route<EnvContext>(async (request, ctx) => {
  const actor = await authenticate(request);
  const yaml = await readText(request, MAX_DEFINITION_BYTES);
  return json(await escCheck(actor, await envRef(ctx), yaml.trim() === "" ? undefined : yaml));
});
