// fn::open::azure-login (CLOUD_PROTOCOLS.md §1.2, §3). Server-only.
import { ClientAssertionCredential } from "@azure/identity";
import type { EscValue, Provider, ProviderContext } from "../esc";
import { checkSubjectAttributes, MAX_TOKEN_LIFETIME_SECONDS } from "../oidc/claims";
import { azureTrustedCas, type CloudConfig } from "./cloud-config";
import { azureLoginInputSchema, azureLoginOutputSchema } from "./schemas";
import { asObject, asString, asStrings, out, plain } from "./inputs";
import { describeEntraFailure } from "./azure-errors";
import type { MintToken } from "./aws-login";

/** Azure Resource Manager, the scope ARM_* consumers need. */
export const ARM_SCOPE = "https://management.azure.com/.default";

/** `/subscriptions/<id>` (as Azure's portal and CLI print it) or the bare id → the bare id. */
export function bareSubscriptionId(s: string): string {
  const m = /^\/?subscriptions\/([^/]+)\/?$/i.exec(s.trim());
  return m ? m[1] : s.trim();
}

export function createAzureLoginProvider(deps: { mintToken: MintToken; config: () => CloudConfig }): Provider {
  return {
    name: "azure-login",
    inputSchema: azureLoginInputSchema,
    outputSchema: azureLoginOutputSchema,
    async open(inputs: EscValue, ctx: ProviderContext): Promise<EscValue> {
      const args = asObject(plain(inputs)) ?? {};
      const clientId = asString(args.clientId);
      const tenantId = asString(args.tenantId);
      const subscription = asString(args.subscriptionId);
      if (!clientId || !tenantId || !subscription) throw new Error("azure-login: `clientId`, `tenantId` and `subscriptionId` are required");
      if (!/^[0-9a-zA-Z.-]+$/.test(tenantId)) throw new Error(`azure-login: tenantId "${tenantId}" may contain only letters, digits, "-" and "."`);
      const subscriptionId = bareSubscriptionId(subscription);
      if (!subscriptionId) throw new Error("azure-login: subscriptionId is empty");
      const clientSecret = asString(args.clientSecret);
      const useOidc = args.oidc === true;
      const result: Record<string, EscValue> = { clientId: out(clientId), tenantId: out(tenantId), subscriptionId: out(subscriptionId) };
      if (useOidc && clientSecret) throw new Error("azure-login: give either `oidc: true` or `clientSecret`, not both");
      if (clientSecret) return { value: { ...result, clientSecret: out(clientSecret, true) } };
      if (!useOidc) throw new Error("azure-login: set `oidc: true` to log in with Ferry's OIDC token, or give a `clientSecret`");

      const subjectAttributes = asStrings(args.subjectAttributes);
      const bad = checkSubjectAttributes(subjectAttributes);
      if (bad) throw new Error(`azure-login: ${bad}`);
      // The token is also an output (ARM_OIDC_TOKEN) that tools exchange later, so it gets the
      // longest lifetime Ferry issues.
      const minted = await deps.mintToken({ platform: "azure", context: ctx.context, subjectAttributes, lifetimeSeconds: MAX_TOKEN_LIFETIME_SECONDS });
      const cfg = deps.config();
      const ca = azureTrustedCas(cfg);
      // A new credential per open: MSAL caches tokens per credential instance.
      const credential = new ClientAssertionCredential(tenantId, clientId, async () => minted.token, {
        authorityHost: cfg.azure.authorityHost,
        disableInstanceDiscovery: cfg.azure.disableInstanceDiscovery,
        ...(ca ? { tlsOptions: { ca: ca.join("\n") } } : {}),
        retryOptions: { maxRetries: 1 },
      });
      let access;
      try {
        access = await credential.getToken(ARM_SCOPE, { abortSignal: ctx.signal });
      } catch (e) {
        throw new Error(describeEntraFailure(e, { claims: minted.claims, tenantId, clientId, authorityHost: cfg.azure.authorityHost }));
      }
      if (!access?.token) throw new Error("azure-login: Entra answered without an access token");
      return {
        value: {
          ...result,
          oidc: { value: { token: out(minted.token, true) } },
          accessToken: out(access.token, true),
          expiresOn: out(new Date(access.expiresOnTimestamp).toISOString().replace(/\.\d{3}Z$/, "Z")),
        },
      };
    },
  };
}
