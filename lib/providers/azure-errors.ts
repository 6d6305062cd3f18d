// Entra token-endpoint failures → one diagnostic message: the AADSTS code and description, what
// Ferry presented, and the most likely fix. Codes: CLOUD_PROTOCOLS.md §3.2.
import type { EnvironmentClaims } from "../oidc/claims";
import { networkFailure, presented, sentence, unreachable } from "./presented";

export interface EntraAttempt {
  /** the provider the diagnostic names; azure-login unless told */
  provider?: string;
  /** the assertion's claims; absent for a client-secret login */
  claims?: Pick<EnvironmentClaims, "iss" | "sub" | "aud">;
  tenantId: string;
  clientId: string;
  authorityHost: string;
}

export function describeEntraFailure(e: unknown, at: EntraAttempt): string {
  const message = ((e as Error)?.message ?? String(e)).trim();
  const net = networkFailure(e) ?? networkFailure((e as { cause?: unknown })?.cause);
  const name = at.provider ?? "azure-login";
  const shown = at.claims ? ` ${presented(at.claims)}` : "";
  const aadsts = /AADSTS(\d+)/.exec(message);
  if (!aadsts) {
    if (net || /ECONNREFUSED|ENOTFOUND|certificate|self[- ]signed|endpoints_resolution_error|openid_config_error|network/i.test(message)) {
      return unreachable(name, "Microsoft Entra ID", at.claims, `could not reach Entra at ${at.authorityHost} (${net ?? "request failed"}: ${firstLine(message)}). Check FERRY_AZURE_AUTHORITY_HOST / AZURE_AUTHORITY_HOST, and FERRY_AZURE_CA_BUNDLE for a private authority.`);
    }
    return `${name}: Entra refused the login for client ${at.clientId} in tenant ${at.tenantId}: ${sentence(firstLine(message))}${shown}`;
  }
  if (!at.claims) {
    const fix = aadsts[1] === "7000215" || aadsts[1] === "7000222" ? "Check the client secret: give its value (not its id), and replace it if it has expired." : `Check the app registration ${at.clientId} in tenant ${at.tenantId}.`;
    return `${name}: Entra refused the client secret for client ${at.clientId} in tenant ${at.tenantId}: AADSTS${aadsts[1]}: ${sentence(descriptionOf(message, `AADSTS${aadsts[1]}`))} Likely fix: ${fix}`;
  }
  const { iss, aud, sub } = at.claims;
  const code = `AADSTS${aadsts[1]}`;
  const description = descriptionOf(message, code);
  const fic = `the app's federated credential must have issuer "${iss}", subject "${sub}" and audience "${aud}" (exact, case-sensitive; see the environment's Cloud trust tab)`;
  let fix: string;
  switch (aadsts[1]) {
    case "700211":
      fix = `No federated credential trusts this issuer: ${fic}.`;
      break;
    case "700212":
      fix = `Audience mismatch: ${fic}.`;
      break;
    case "700213":
    case "7002138":
    case "70021":
      fix = `Subject mismatch (or no federated credential at all): ${fic}.`;
      break;
    case "700024":
      fix = "The token was outside its valid time range: check that Ferry's clock is right.";
      break;
    case "7000272":
      fix = `Entra could not find the signing key in ${iss}/.well-known/jwks: the issuer must be reachable from Entra over https (check FERRY_URL); after a key rotation, wait for Entra to refresh its key cache.`;
      break;
    case "90002":
      fix = `Tenant "${at.tenantId}" was not found: check tenantId.`;
      break;
    case "700016":
      fix = `Application "${at.clientId}" was not found in tenant ${at.tenantId}: check clientId.`;
      break;
    case "5002727":
    case "5002738":
      fix = "Entra rejected the token header; Ferry signs with RS256 and typ JWT, so report this as a bug.";
      break;
    default:
      fix = `Check the app registration ${at.clientId} and ${fic}.`;
  }
  return `${name}: Entra refused the client assertion for client ${at.clientId} in tenant ${at.tenantId}: ${code}: ${sentence(description)}${shown} Likely fix: ${fix}`;
}

function firstLine(s: string): string {
  return s.split("\n")[0].slice(0, 400);
}

/** MSAL formats "… Description: AADSTS700213: text. Trace ID: … Correlation ID: … Timestamp: …". */
function descriptionOf(message: string, code: string): string {
  const i = message.indexOf(`${code}:`);
  let text = i >= 0 ? message.slice(i + code.length + 1) : message;
  text = text.split(/\s(?:Trace ID|Correlation ID|Timestamp):|\s-\s(?:Correlation ID|Trace ID|Timestamp):|\r?\n/)[0];
  return text.trim().slice(0, 600);
}
