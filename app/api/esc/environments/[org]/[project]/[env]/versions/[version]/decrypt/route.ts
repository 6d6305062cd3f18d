import { definitionResponse } from "@/lib/api/definitions";
import { authenticate, endpoint, requestInfo } from "@/lib/api/http";
import { envRef, segment } from "@/lib/api/params";
import { escGetDecryptedDefinition } from "@/lib/api/environments";

type Ctx = { params: Promise<{ org: string; project: string; env: string; version: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /**
   * A revision's definition with secrets in plaintext (open right required, audited): where the
   * esc CLI reads `esc env get <env>@<version> --show-secrets` (client.go's GetEnvironment).
   */
  GET: async (request, ctx) => {
    const { yaml, revision } = await escGetDecryptedDefinition(await authenticate(request), await envRef(ctx), requestInfo(request), await segment(ctx, "version"));
    return definitionResponse(yaml, revision);
  },
});
