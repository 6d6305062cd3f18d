// Where the login providers send their exchanges. Each SDK's own variables work as they always do
// (AWS_ENDPOINT_URL_STS / AWS_REGION for STS, AZURE_AUTHORITY_HOST for Entra); Ferry's variables
// win over them, so an operator can point Ferry alone at a private endpoint. Server-only.
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";

export interface CloudConfig {
  aws: { region: string; stsEndpoint?: string };
  azure: {
    authorityHost: string;
    disableInstanceDiscovery: boolean;
    caBundlePath?: string;
    /** Microsoft Graph and Azure Resource Manager base URLs; unset means Azure's public cloud */
    graphEndpoint?: string;
    armEndpoint?: string;
  };
}

export const DEFAULT_AZURE_AUTHORITY_HOST = "https://login.microsoftonline.com";
export const DEFAULT_AZURE_GRAPH_ENDPOINT = "https://graph.microsoft.com";
export const DEFAULT_AZURE_ARM_ENDPOINT = "https://management.azure.com";

// Microsoft's public and sovereign clouds: MSAL can validate these through instance discovery.
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  "login.microsoftonline.com",
  "login.microsoftonline.us",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
  "login.microsoftonline.de",
  "login.windows.net",
  "login.microsoft.com",
  "sts.windows.net",
]);

export function readCloudConfig(env: Record<string, string | undefined> = process.env): CloudConfig {
  const authorityHost = (env.FERRY_AZURE_AUTHORITY_HOST || env.AZURE_AUTHORITY_HOST || DEFAULT_AZURE_AUTHORITY_HOST).replace(/\/+$/, "");
  let host = "";
  try {
    host = new URL(authorityHost).hostname.toLowerCase();
  } catch {
    throw new Error(`FERRY_AZURE_AUTHORITY_HOST / AZURE_AUTHORITY_HOST must be an https URL, got "${authorityHost}"`);
  }
  return {
    aws: {
      region: env.FERRY_AWS_REGION || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1",
      stsEndpoint: env.FERRY_AWS_STS_ENDPOINT || undefined,
    },
    azure: {
      authorityHost,
      // Instance discovery asks login.microsoftonline.com about the authority; for any other
      // host (a private or test authority) it fails, so it is skipped (MSAL knownAuthorities).
      disableInstanceDiscovery: !MICROSOFT_AUTHORITY_HOSTS.has(host),
      caBundlePath: env.FERRY_AZURE_CA_BUNDLE || undefined,
      graphEndpoint: httpsEndpoint("FERRY_AZURE_GRAPH_ENDPOINT", env.FERRY_AZURE_GRAPH_ENDPOINT || DEFAULT_AZURE_GRAPH_ENDPOINT),
      armEndpoint: httpsEndpoint("FERRY_AZURE_ARM_ENDPOINT", env.FERRY_AZURE_ARM_ENDPOINT || DEFAULT_AZURE_ARM_ENDPOINT),
    },
  };
}

/** Bearer tokens only travel over https (the Azure SDKs refuse anything else). */
function httpsEndpoint(name: string, value: string): string {
  const trimmed = value.replace(/\/+$/, "");
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "https:" || url.search || url.hash) throw new Error(`${name} must be an https URL without a query, got "${value}"`);
  return trimmed;
}

const bundles = new Map<string, string[]>();

/** Trusted CAs for Entra, Graph and ARM: Node's roots plus the configured bundle (undefined: Node's defaults). */
export function azureTrustedCas(cfg: CloudConfig): string[] | undefined {
  const file = cfg.azure.caBundlePath;
  if (!file) return undefined;
  let cas = bundles.get(file);
  if (!cas) {
    // `ca` replaces Node's trust store for these requests, so keep what Node would trust too.
    const extra = process.env.NODE_EXTRA_CA_CERTS;
    cas = [...rootCertificates, ...(extra ? [readOptional(extra)] : []), readFileSync(file, "utf8")].filter(Boolean);
    bundles.set(file, cas);
  }
  return cas;
}

function readOptional(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
