import { JWKS_CACHE_CONTROL } from "@/lib/oidc/issuer";
import { publishedSigningKeys } from "@/lib/oidc/signing-keys";

export const dynamic = "force-dynamic";

export async function GET() {
  const keys = await publishedSigningKeys();
  return Response.json({ keys }, { headers: { "Cache-Control": JWKS_CACHE_CONTROL } });
}
