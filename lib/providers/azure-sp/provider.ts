// fn::open::azure-sp: a new Azure service principal (or a new password on an existing
// application) per open, recorded as a lease through the injected `recordLease` before the
// secret is handed out, after a pending lease written before Azure is called (deps.pending). If
// the lease cannot be recorded, the credentials are deleted again: nothing Ferry creates is
// left without a record. Registered by lib/leases, which supplies both. Server-only.
import { randomUUID } from "node:crypto";
import type { EscValue, Provider, ProviderContext } from "../../esc";
import { isAppError } from "../../errors";
import type { MintToken } from "../aws-login";
import type { CloudConfig } from "../cloud-config";
import { asObject, out, plain } from "../inputs";
import { azureSpInputSchema, azureSpOutputSchema } from "../schemas";
import { parseAzureSpInputs } from "./inputs";
import { AzureSpError } from "./cloud-errors";
import { addApplicationPassword, createServicePrincipal, deleteServicePrincipal, removeApplicationPassword, type ApplicationPasswordIds, type AzureOpsDeps, type DeleteResult, type Issued, type ServicePrincipalIds } from "./operations";
import type { AzureSpLogin } from "./session";
import { systemClock, type Clock } from "./retry";

export const AZURE_SP = "azure-sp";
/** The assertion is used for the sign-in at once; ten minutes cover a slow open's two token requests. */
const ASSERTION_LIFETIME_SECONDS = 600;

/** How Ferry signed in, without any secret: what the reaper needs to sign in again. */
export interface AzureSpLoginRecord {
  tenantId: string;
  clientId: string;
  subscriptionId: string;
  auth: "oidc" | "client-secret";
  subjectAttributes: string[];
}

/** One lease as the provider reports it: ids only, never the handed-out secret. */
export interface AzureSpLease {
  leaseId: string;
  provider: typeof AZURE_SP;
  issuedAt: string;
  expiresAt: string;
  /** renewals never pass this; Azure itself stops accepting the password then */
  maxExpiresAt: string;
  renewable: true;
  revocable: true;
  login: AzureSpLoginRecord;
  externalIds: ServicePrincipalIds | ApplicationPasswordIds;
}

/**
 * Supplied by the lease domain: store the lease (atomically, before the open returns). A thrown
 * error makes the open delete what it created and fail. `loginSecret` is Ferry's own client
 * secret in client-secret mode, which revocation needs later: seal it, never store it in clear.
 */
export type RecordLease = (record: { lease: AzureSpLease; loginSecret?: string }, ctx: ProviderContext) => Promise<void>;

/** A lease before its credentials exist: written before Azure is called, so a crash mid-open never orphans what was created. */
export type PendingAzureSpLease = Omit<AzureSpLease, "externalIds"> & { externalIds: ServicePrincipalIds | ApplicationPasswordIds | null };

/**
 * The lease domain's side of an open's crash window: `begin` stores a pending lease (with the
 * sealed login secret) before anything is created, `progress` adds the ids of what exists so
 * far, `abandon` drops it when the open failed and everything was deleted again. A pending
 * lease that never completes is the reaper's to clean up.
 */
export interface PendingLeases {
  begin(pending: PendingAzureSpLease, loginSecret: string | undefined, ctx: ProviderContext): Promise<void>;
  progress(leaseId: string, ids: ServicePrincipalIds | ApplicationPasswordIds): Promise<void>;
  abandon(leaseId: string): Promise<void>;
}

export interface AzureSpProviderDeps {
  mintToken: MintToken;
  config: () => CloudConfig;
  recordLease: RecordLease;
  pending?: PendingLeases;
  clock?: Clock;
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function createAzureSpProvider(deps: AzureSpProviderDeps): Provider {
  return {
    name: AZURE_SP,
    inputSchema: azureSpInputSchema,
    outputSchema: azureSpOutputSchema,
    async open(inputs: EscValue, ctx: ProviderContext): Promise<EscValue> {
      const req = parseAzureSpInputs(asObject(plain(inputs)) ?? {});
      const loginRecord: AzureSpLoginRecord = { tenantId: req.login.tenantId, clientId: req.login.clientId, subscriptionId: req.login.subscriptionId, auth: req.login.oidc ? "oidc" : "client-secret", subjectAttributes: req.login.subjectAttributes };
      const login = await signInAs(loginRecord, { clientSecret: req.login.clientSecret, context: ctx.context, mintToken: deps.mintToken });
      const clock = deps.clock ?? systemClock;
      const opsDeps: AzureOpsDeps = { config: deps.config(), clock, signal: ctx.signal };
      const leaseId = randomUUID();
      const issuedAt = clock.now();
      const times = { issuedAt: rfc3339(issuedAt), expiresAt: rfc3339(issuedAt + req.ttlSeconds * 1000), maxExpiresAt: rfc3339(issuedAt + req.maxTtlSeconds * 1000) };
      const pending = deps.pending;
      if (pending) {
        const started = { leaseId, provider: AZURE_SP, ...times, renewable: true, revocable: true, login: loginRecord } as const;
        await pending.begin({ ...started, externalIds: null }, req.login.clientSecret, ctx);
      }
      let issued: Issued<ServicePrincipalIds | ApplicationPasswordIds>;
      try {
        issued = await guard<Issued<ServicePrincipalIds | ApplicationPasswordIds>>(() =>
          req.mode.kind === "service-principal"
            ? createServicePrincipal(
                { login, roles: req.mode.roles, groups: req.mode.groups, displayNamePrefix: req.displayNamePrefix, maxTtlSeconds: req.maxTtlSeconds, marker: leaseId, onApplication: pending && ((ids) => pending.progress(leaseId, ids)) },
                opsDeps,
              )
            : addApplicationPassword({ login, applicationObjectId: req.mode.applicationObjectId, displayNamePrefix: req.displayNamePrefix, maxTtlSeconds: req.maxTtlSeconds, marker: leaseId }, opsDeps),
        );
      } catch (e) {
        // Left pending (with the ids written so far) when Azure kept something: the reaper retries.
        if (pending && !(e instanceof AzureSpError && e.leftBehind.length > 0)) await pending.abandon(leaseId).catch(() => {});
        throw e;
      }
      const lease: AzureSpLease = { leaseId, provider: AZURE_SP, ...times, renewable: true, revocable: true, login: loginRecord, externalIds: issued.ids };
      try {
        await deps.recordLease({ lease, loginSecret: req.login.clientSecret }, ctx);
      } catch (e) {
        // The secret never leaves this function without a lease: undo, without the caller's signal.
        let undone = "deleted them again";
        try {
          await revokeAzureSpLease(lease, login, { config: opsDeps.config, clock });
        } catch (cleanup) {
          undone = `could not delete them (${cleanup instanceof AzureSpError ? cleanup.message.replace(/^azure-sp: /, "") : "unexpected error"}), so application ${issued.ids.clientId} remains in tenant ${issued.ids.tenantId}`;
        }
        const why = isAppError(e) ? e.message : "the lease store failed";
        throw new Error(`azure-sp: Ferry could not record the lease for the new credentials (${why}) and ${undone}`);
      }
      return {
        value: {
          clientId: out(issued.ids.clientId),
          clientSecret: out(issued.clientSecret, true),
          tenantId: out(req.login.tenantId),
          subscriptionId: out(req.login.subscriptionId),
          leaseId: out(leaseId),
          expiresAt: out(lease.expiresAt),
        },
      };
    },
  };
}

/** Deletes what a lease created (the reaper and "Revoke" call this); already-deleted objects are success. */
export async function revokeAzureSpLease(lease: Pick<AzureSpLease, "externalIds">, login: AzureSpLogin, deps: AzureOpsDeps): Promise<DeleteResult> {
  const ids = lease.externalIds;
  if (ids.kind === "service-principal") return deleteServicePrincipal({ login, ids }, deps);
  await removeApplicationPassword({ login, ids }, deps);
  return { warnings: [] };
}

/**
 * Ferry's login for an open, or for revoking a lease later (with the lease's login record, the
 * unsealed client secret in client-secret mode, and a context naming the lease's environment
 * for the federated assertion).
 */
export async function signInAs(login: AzureSpLoginRecord, how: { clientSecret?: string; context: Record<string, unknown>; mintToken: MintToken }): Promise<AzureSpLogin> {
  const { tenantId, clientId, subscriptionId, subjectAttributes } = login;
  if (login.auth === "client-secret") {
    if (!how.clientSecret) throw new Error("azure-sp: this lease's login uses a client secret, and none was given");
    return { tenantId, clientId, subscriptionId, clientSecret: how.clientSecret };
  }
  const minted = await how.mintToken({ platform: "azure", context: how.context, subjectAttributes, lifetimeSeconds: ASSERTION_LIFETIME_SECONDS });
  return { tenantId, clientId, subscriptionId, clientAssertion: async () => minted.token, presented: minted.claims };
}

/** Cloud failures are already sentences; anything else is a bug whose text must not reach the user. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof AzureSpError) throw e;
    throw new Error(`azure-sp: an unexpected ${(e as Error)?.name ?? "error"} occurred while talking to Azure; nothing was handed out`);
  }
}
