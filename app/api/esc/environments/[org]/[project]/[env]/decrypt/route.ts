import { definitionResponse } from "@/lib/api/definitions";
import { authenticate, endpoint, requestInfo } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escGetDecryptedDefinition } from "@/lib/api/environments";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /** The definition with secrets in plaintext (open right required, audited). */
  GET: async (request, ctx) => {
    const version = new URL(request.url).searchParams.get("version") ?? undefined;
    const { yaml, revision } = await escGetDecryptedDefinition(await authenticate(request), await envRef(ctx), requestInfo(request), version);
    return definitionResponse(yaml, revision);
  },
});
