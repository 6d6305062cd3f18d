import { DISCOVERY_CACHE_CONTROL, discoveryDocument } from "@/lib/oidc/issuer";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(discoveryDocument(), { headers: { "Cache-Control": DISCOVERY_CACHE_CONTROL } });
}
