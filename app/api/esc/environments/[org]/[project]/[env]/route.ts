import { authenticate, endpoint, json, presentedToken, readText } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escDeleteEnvironment, escGetDefinition, escUpdateDefinition } from "@/lib/api/environments";
import { baseRevision, definitionResponse, revisionHeaders } from "@/lib/api/definitions";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/schema";

async function update(request: Request, ctx: EnvContext) {
  const actor = await authenticate(request);
  const ref = await envRef(ctx);
  const base = baseRevision(request);
  const yaml = await readText(request, MAX_DEFINITION_BYTES);
  const message = request.headers.get("x-ferry-message")?.slice(0, 500) || undefined;
  const result = await escUpdateDefinition(actor, ref, yaml, base, message);
  if (!result.ok) return json({ code: 400, error: "invalid_input", message: "The definition has errors.", diagnostics: result.diagnostics }, { status: 400 });
  return json({ diagnostics: result.diagnostics }, { headers: revisionHeaders(result.revision) });
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /** The definition as stored (secrets as ciphertext). */
  GET: async (request, ctx) => {
    const { yaml, revision } = await escGetDefinition(presentedToken(request), await envRef(ctx));
    return definitionResponse(yaml, revision);
  },
  HEAD: async (request, ctx) => {
    const { revision } = await escGetDefinition(presentedToken(request), await envRef(ctx));
    return new Response(null, { headers: revisionHeaders(revision) });
  },
  PATCH: update,
  PUT: update,
  DELETE: async (request, ctx) => {
    await escDeleteEnvironment(await authenticate(request), await envRef(ctx));
    // 200 with an empty body, as ESC answers (its SDK treats anything else as a failure)
    return new Response(null, { status: 200 });
  },
});
