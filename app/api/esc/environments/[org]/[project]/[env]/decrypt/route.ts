import { authenticate, requestInfo, route } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escGetDecryptedDefinition } from "@/lib/api/environments";

/** The definition with secrets in plaintext (open right required, audited). */
export const GET = route<EnvContext>(async (request, ctx) => {
  const version = new URL(request.url).searchParams.get("version") ?? undefined;
  const { yaml, revision } = await escGetDecryptedDefinition(await authenticate(request), await envRef(ctx), requestInfo(request), version);
  return new Response(yaml, { headers: { "content-type": "application/x-yaml; charset=utf-8", etag: `"${revision}"`, "x-ferry-revision": String(revision), "cache-control": "no-store" } });
});
