import { endpoint } from "@/lib/api/http";
import { DISCOVERY_CACHE_CONTROL, discoveryDocument } from "@/lib/oidc/issuer";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  GET: () => Response.json(discoveryDocument(), { headers: { "Cache-Control": DISCOVERY_CACHE_CONTROL } }),
});
