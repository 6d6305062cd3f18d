// Deleting what a revocable lease created, for "Revoke" and the reaper alike: Ferry signs in to
// Azure again as it did at the open (the federated credential for the environment holding the
// fn::open, or its sealed client secret) and deletes the principal or the password.
import "server-only";
import { openServerData, sealedLabels } from "../crypto/server-data";
import { leaseCleanupMinter } from "../environments/token-minting";
import { readCloudConfig } from "../providers/cloud-config";
import { AzureSpError } from "../providers/azure-sp/cloud-errors";
import { AZURE_SP, revokeAzureSpLease, signInAs, type AzureSpLoginRecord } from "../providers/azure-sp/provider";
import type { ApplicationPasswordIds, ServicePrincipalIds } from "../providers/azure-sp/operations";
import type { Clock } from "../providers/azure-sp/retry";
import { log } from "../ops/log";

/** What a lease row holds that revocation needs. */
export interface RevocableRow {
  id: string;
  provider: string;
  organizationId: string;
  externalIds: string;
  login: string | null;
  loginSecretSealed: string | null;
}

/** The login record plus the organization and environment the federated assertion speaks for. */
export type StoredLogin = AzureSpLoginRecord & { org: string; environment: string };

export class RevocationError extends Error {}

/** Deletes the lease's cloud objects; already-deleted ones count as deleted. Returns warnings. */
export async function deleteLeaseObjects(row: RevocableRow, clock?: Clock): Promise<string[]> {
  if (row.provider !== AZURE_SP) throw new RevocationError(`Ferry cannot revoke ${row.provider} credentials`);
  const ids = JSON.parse(row.externalIds) as Partial<ServicePrincipalIds | ApplicationPasswordIds>;
  // A pending lease whose open stopped before Azure created anything: nothing to delete.
  if (!ids.kind || !ids.applicationObjectId) return [];
  if (!row.login) throw new RevocationError("the lease has no record of how Ferry signed in to Azure");
  const login = JSON.parse(row.login) as StoredLogin;
  let clientSecret: string | undefined;
  if (login.auth === "client-secret") {
    if (!row.loginSecretSealed) throw new RevocationError("the lease's Azure login secret is missing");
    clientSecret = await openServerData(row.loginSecretSealed, { organizationId: row.organizationId }, sealedLabels.leaseLogin(row.id), null).catch(() => {
      throw new RevocationError("the lease's sealed Azure login secret does not open with this deployment's keys");
    });
  }
  const mintToken = leaseCleanupMinter({ organizationId: row.organizationId, org: login.org, environment: login.environment });
  const signedIn = await signInAs(login, { clientSecret, context: {}, mintToken });
  const result = await revokeAzureSpLease({ externalIds: ids as ServicePrincipalIds | ApplicationPasswordIds }, signedIn, { config: readCloudConfig(), clock });
  return result.warnings;
}

/** The sentence stored on a lease whose clean-up failed: the cloud's own words, or a reference. */
export function revocationFailure(e: unknown): string {
  if (e instanceof AzureSpError || e instanceof RevocationError) return e.message.replace(/^azure-sp: /, "");
  log().error({ err: e }, "lease revocation failed unexpectedly");
  return "an unexpected error occurred; the server log has the details";
}
