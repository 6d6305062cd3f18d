import { authenticate, json, readText, route } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escDeleteEnvironment, escGetDefinition, escUpdateDefinition } from "@/lib/api/environments";
import { AppError } from "@/lib/errors";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/schema";

const yamlResponse = (yaml: string, revision: number) =>
  new Response(yaml, { headers: { "content-type": "application/x-yaml; charset=utf-8", etag: `"${revision}"`, "x-ferry-revision": String(revision), "cache-control": "no-store" } });

/** The definition as stored (secrets as ciphertext). */
export const GET = route<EnvContext>(async (request, ctx) => {
  const { yaml, revision } = await escGetDefinition(await authenticate(request), await envRef(ctx));
  return yamlResponse(yaml, revision);
});

export const HEAD = route<EnvContext>(async (request, ctx) => {
  const { revision } = await escGetDefinition(await authenticate(request), await envRef(ctx));
  return new Response(null, { headers: { etag: `"${revision}"`, "x-ferry-revision": String(revision) } });
});

/** If-Match: "<revision>" makes a save on top of an older revision a conflict. */
function baseRevision(request: Request): number | undefined {
  const h = request.headers.get("if-match");
  if (!h) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(h.trim());
  if (!m) throw new AppError("invalid_input", 'If-Match must name a revision, like "12".');
  return Number(m[1]);
}

async function update(request: Request, ctx: EnvContext) {
  const actor = await authenticate(request);
  const ref = await envRef(ctx);
  const yaml = await readText(request, MAX_DEFINITION_BYTES);
  const message = request.headers.get("x-ferry-message")?.slice(0, 500) || undefined;
  const result = await escUpdateDefinition(actor, ref, yaml, baseRevision(request), message);
  if (!result.ok) return json({ code: 400, error: "invalid_input", message: "The definition has errors.", diagnostics: result.diagnostics }, { status: 400 });
  return json({ diagnostics: result.diagnostics }, { headers: { etag: `"${result.revision}"`, "x-ferry-revision": String(result.revision) } });
}

export const PATCH = route<EnvContext>(update);
export const PUT = route<EnvContext>(update);

export const DELETE = route<EnvContext>(async (request, ctx) => {
  await escDeleteEnvironment(await authenticate(request), await envRef(ctx));
  return new Response(null, { status: 204 });
});
