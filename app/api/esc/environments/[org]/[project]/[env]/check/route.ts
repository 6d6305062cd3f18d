import { authenticate, endpoint, json, readText, requestInfo } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escCheck } from "@/lib/api/environments";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/schema";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /**
   * Checks the body (a draft definition) or, with an empty body, the current revision;
   * `?showSecrets=true` decrypts its ciphertexts (open right, audited), as ESC's check does.
   */
  POST: async (request, ctx) => {
    const actor = await authenticate(request);
    const showSecrets = new URL(request.url).searchParams.get("showSecrets") === "true";
    const yaml = await readText(request, MAX_DEFINITION_BYTES);
    return json(await escCheck(actor, await envRef(ctx), yaml.trim() === "" ? undefined : yaml, { showSecrets, info: requestInfo(request) }));
  },
});
