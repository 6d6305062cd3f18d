// Ferry's OIDC issuer: its URL and discovery document (CLOUD_PROTOCOLS.md §1.4). Server-only.
import "server-only";
import { config } from "../config";

/** `<FERRY_URL>/oidc`; `iss` must equal the discovery document's `issuer` byte for byte. */
export function issuerUrl(baseUrl: string = config().url): string {
  return `${baseUrl.replace(/\/+$/, "")}/oidc`;
}

export const JWKS_PATH = "/.well-known/jwks";
export const DISCOVERY_PATH = "/.well-known/openid-configuration";

/** The fields AWS and Entra require; AWS refuses an issuer whose document lacks any of them. */
export function discoveryDocument(issuer: string = issuerUrl()) {
  return {
    issuer,
    jwks_uri: issuer + JWKS_PATH,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["iss", "aud", "sub", "iat", "nbf", "exp", "jti", "org", "current_env", "root_env", "trigger_user"],
  };
}

/**
 * The discovery document changes only with FERRY_URL; the key set changes at rotation, when the
 * new key signs at once, so verifiers must not keep it long (most refetch on an unknown kid).
 */
export const DISCOVERY_CACHE_CONTROL = "public, max-age=3600";
export const JWKS_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=60";

/** Why real clouds would refuse this issuer (CLOUD_PROTOCOLS.md §1.4), if they would. */
export function issuerWarnings(issuer: string): string[] {
  const u = new URL(issuer);
  const out: string[] = [];
  if (u.protocol !== "https:") out.push("AWS and Entra only accept https issuers: set FERRY_URL to the https address they can reach.");
  if (u.port) out.push("AWS does not accept an issuer URL with a port: serve Ferry on the default https port.");
  if (["localhost", "127.0.0.1", "[::1]"].includes(u.hostname)) out.push("Clouds fetch the issuer's keys over the internet; a localhost issuer only works with local test endpoints.");
  return out;
}
