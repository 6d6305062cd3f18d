import { endpoint } from "@/lib/api/http";
import { JWKS_CACHE_CONTROL } from "@/lib/oidc/issuer";
import { publishedSigningKeys } from "@/lib/oidc/signing-keys";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  GET: async () => Response.json({ keys: await publishedSigningKeys() }, { headers: { "Cache-Control": JWKS_CACHE_CONTROL } }),
});
