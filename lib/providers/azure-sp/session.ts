// Ferry's own sign-in to Microsoft Graph and Azure Resource Manager for azure-sp: one
// @azure/identity credential (a federated client assertion minted by Ferry's issuer, or a client
// secret), a Graph client (@microsoft/microsoft-graph-client) and an ARM authorization client
// (@azure/arm-authorization), all pointed at the configured endpoints and trusting
// FERRY_AZURE_CA_BUNDLE. Server-only.
import { ClientAssertionCredential, ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { Client, MiddlewareFactory, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";
import { Agent, fetch as undiciFetch } from "undici";
import type { EnvironmentClaims } from "../../oidc/claims";
import { azureTrustedCas, DEFAULT_AZURE_ARM_ENDPOINT, DEFAULT_AZURE_GRAPH_ENDPOINT, type CloudConfig } from "../cloud-config";
import { describeEntraFailure } from "../azure-errors";
import { AzureSpError, NetworkError } from "./cloud-errors";

/** How Ferry signs in: give exactly one of `clientSecret` or `clientAssertion`. */
export interface AzureSpLogin {
  tenantId: string;
  clientId: string;
  subscriptionId: string;
  clientSecret?: string;
  /** returns a JWT from Ferry's issuer (audience azure:<org>); called once per token request */
  clientAssertion?: () => Promise<string>;
  /** the assertion's iss/sub/aud, so a refused login can say what Ferry presented */
  presented?: Pick<EnvironmentClaims, "iss" | "sub" | "aud">;
}

// Sovereign clouds' APIs take tokens for their own audience. Any other host (a private endpoint
// or a test fake) is taken to front the public cloud's API, whose audience it then asks for.
const GRAPH_AUDIENCES = new Set(["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"]);
const ARM_AUDIENCES = new Set(["management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn"]);

export interface AzureApis {
  graph: { endpoint: string; scope: string };
  arm: { endpoint: string; scope: string };
}

export function azureApis(cfg: CloudConfig): AzureApis {
  const graph = cfg.azure.graphEndpoint ?? DEFAULT_AZURE_GRAPH_ENDPOINT;
  const arm = cfg.azure.armEndpoint ?? DEFAULT_AZURE_ARM_ENDPOINT;
  const scopeOf = (endpoint: string, known: Set<string>, fallback: string) => {
    const url = new URL(endpoint);
    return `${known.has(url.hostname) ? url.origin : fallback}/.default`;
  };
  return {
    graph: { endpoint: graph, scope: scopeOf(graph, GRAPH_AUDIENCES, DEFAULT_AZURE_GRAPH_ENDPOINT) },
    arm: { endpoint: arm, scope: scopeOf(arm, ARM_AUDIENCES, DEFAULT_AZURE_ARM_ENDPOINT) },
  };
}

export interface AzureSession {
  graph: Client;
  arm: AuthorizationManagementClient;
  apis: AzureApis;
  login: AzureSpLogin;
  /** the caller's abort signal; checked between steps, never passed to clean-up */
  signal?: AbortSignal;
  close(): Promise<void>;
}

/** Signs in for the APIs named (failing with Entra's code before anything is changed) and builds the clients. */
export async function openAzureSession(login: AzureSpLogin, cfg: CloudConfig, needs: { arm: boolean }, signal?: AbortSignal): Promise<AzureSession> {
  const apis = azureApis(cfg);
  const cas = azureTrustedCas(cfg);
  const ca = cas?.join("\n");
  const common = {
    authorityHost: cfg.azure.authorityHost,
    disableInstanceDiscovery: cfg.azure.disableInstanceDiscovery,
    ...(ca ? { tlsOptions: { ca } } : {}),
    retryOptions: { maxRetries: 1 },
  };
  const credential: TokenCredential = login.clientSecret
    ? new ClientSecretCredential(login.tenantId, login.clientId, login.clientSecret, common)
    : new ClientAssertionCredential(login.tenantId, login.clientId, login.clientAssertion ?? missingAssertion, common);
  for (const scope of needs.arm ? [apis.graph.scope, apis.arm.scope] : [apis.graph.scope]) {
    try {
      // MSAL caches per credential and scope, so the clients below reuse these tokens.
      await credential.getToken(scope, { abortSignal: signal });
    } catch (e) {
      throw new AzureSpError(
        describeEntraFailure(e, { provider: "azure-sp", claims: login.presented, tenantId: login.tenantId, clientId: login.clientId, authorityHost: cfg.azure.authorityHost }),
        /AADSTS(\d+)/.exec((e as Error)?.message ?? "")?.[0] ?? "EntraLoginFailed",
      );
    }
  }
  const agent = new Agent({ connect: ca ? { ca } : {}, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const middleware = MiddlewareFactory.getDefaultMiddlewareChain(new TokenCredentialAuthenticationProvider(credential, { scopes: [apis.graph.scope] }));
  // The last handler sends the request; Graph's own uses the global fetch, which cannot be told
  // about a private CA at run time, so undici's fetch with an agent that trusts it sends instead.
  middleware[middleware.length - 1] = new UndiciFetchHandler(agent);
  const graphHost = new URL(apis.graph.endpoint).hostname;
  const graph = Client.initWithMiddleware({
    middleware,
    baseUrl: `${apis.graph.endpoint}/`,
    defaultVersion: "v1.0",
    // The Graph client only attaches the token for Microsoft's Graph hosts unless told otherwise.
    customHosts: new Set([graphHost]),
  });
  const arm = new AuthorizationManagementClient(credential, login.subscriptionId, {
    endpoint: apis.arm.endpoint,
    credentialScopes: [apis.arm.scope],
    ...(ca ? { tlsOptions: { ca } } : {}),
    retryOptions: { maxRetries: 2 },
  });
  return { graph, arm, apis, login, signal, close: () => agent.close() };
}

async function missingAssertion(): Promise<string> {
  throw new Error("azure-sp: no client assertion or secret was given for Ferry's login");
}

class UndiciFetchHandler implements Middleware {
  constructor(private readonly dispatcher: Agent) {}

  async execute(context: Context): Promise<void> {
    const init = { ...(context.options as Record<string, unknown>), dispatcher: this.dispatcher };
    try {
      context.response = (await undiciFetch(context.request as string, init as Parameters<typeof undiciFetch>[1])) as unknown as Response;
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
      if ((e as Error)?.name === "AbortError") throw e;
      throw new NetworkError(cause?.code ?? cause?.message ?? "fetch failed");
    }
  }

  setNext(): void {
    // the last handler: nothing follows it
  }
}
