// The server's providers: the catalog's descriptions paired with implementations that call out
// to clouds. Every provider that hands out dynamic credentials reports them to `leases` (the
// lease domain's recorder for this one open): azure-sp before and after creating its principal,
// aws-login and azure-login after STS or Entra answered. Tokens come from `mintToken`, the
// capability the open hands down, bound to what it authorized.
import "server-only";
import { createProviderRegistry, type EscValue, type Provider, type ProviderContext, type ProviderRegistry } from "../esc";
import type { MintToken } from "../oidc/tokens";
import { createAwsLoginProvider } from "./aws-login";
import { createAzureLoginProvider } from "./azure-login";
import { createAzureSpProvider, type PendingLeases, type RecordLease } from "./azure-sp/provider";
import { readCloudConfig } from "./cloud-config";
import { timed } from "../ops/metrics";
import { asObject, asString, plain } from "./inputs";

/** Credentials that cannot be recalled: recorded so people see them, never revoked. */
export interface IrrevocableCredentials {
  provider: string;
  expiresAt: string;
  externalIds: Record<string, string>;
  /** why Ferry cannot revoke them */
  reason: string;
}

export interface LeaseHooks {
  recordLease: RecordLease;
  pending: PendingLeases;
  recordIrrevocable(credentials: IrrevocableCredentials, ctx: ProviderContext): Promise<void>;
}

export function serverProviderRegistry(leases: LeaseHooks, mintToken: MintToken): ProviderRegistry {
  const deps = { mintToken, config: () => readCloudConfig() };
  return createProviderRegistry(
    [
      measured(recorded(createAwsLoginProvider(deps), awsCredentials, leases)),
      measured(recorded(createAzureLoginProvider(deps), azureToken, leases)),
      measured(createAzureSpProvider({ ...deps, recordLease: leases.recordLease, pending: leases.pending })),
    ],
    [],
  );
}

/** Counts and times each provider call (label: the provider's name, from this registry). */
function measured(provider: Provider): Provider {
  return {
    ...provider,
    open: (inputs, ctx) => timed("ferry_provider_call_seconds", "Provider calls (opens) by provider and outcome.", { provider: provider.name }, () => provider.open(inputs, ctx)),
  };
}

type Describe = (inputs: EscValue, output: EscValue) => IrrevocableCredentials | null;

/**
 * Records what the provider handed out. The credentials already exist when STS or Entra
 * answers, so a failed record fails the open: nothing is handed out unrecorded.
 */
function recorded(provider: Provider, describe: Describe, leases: LeaseHooks): Provider {
  return {
    ...provider,
    async open(inputs, ctx) {
      const output = await provider.open(inputs, ctx);
      const credentials = describe(inputs, output);
      if (credentials) {
        try {
          await leases.recordIrrevocable(credentials, ctx);
        } catch {
          throw new Error(`${provider.name}: Ferry could not record the lease for the credentials it obtained, so it does not hand them out`);
        }
      }
      return output;
    },
  };
}

const field = (v: EscValue, name: string) => asString(asObject(plain(v))?.[name]);

/** Only `oidc` mode mints credentials; `static` keys pass through and are nobody's lease. */
function awsCredentials(inputs: EscValue, output: EscValue): IrrevocableCredentials | null {
  const expiresAt = field(output, "expiration");
  const oidc = asObject(asObject(plain(inputs))?.oidc);
  if (!expiresAt || !oidc) return null;
  return {
    provider: "aws-login",
    expiresAt,
    externalIds: { accessKeyId: field(output, "accessKeyId") ?? "", roleArn: asString(oidc.roleArn) ?? "", sessionName: asString(oidc.sessionName) ?? "" },
    reason: "STS session credentials cannot be recalled; they stop working at their expiry (AWS can only deny them by revoking the role's sessions).",
  };
}

/** Only `oidc: true` obtains a token; a given client secret passes through. */
function azureToken(inputs: EscValue, output: EscValue): IrrevocableCredentials | null {
  const expiresAt = field(output, "expiresOn");
  if (!expiresAt) return null;
  return {
    provider: "azure-login",
    expiresAt,
    externalIds: { clientId: field(output, "clientId") ?? "", tenantId: field(output, "tenantId") ?? "", subscriptionId: field(output, "subscriptionId") ?? "" },
    reason: "Entra access tokens cannot be recalled; they stop working at their expiry.",
  };
}
