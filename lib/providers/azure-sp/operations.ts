// The azure-sp provider's Azure operations, with Vault's Azure secrets engine's semantics
// (hashicorp/vault-plugin-secrets-azure): a new application + service principal + password per
// request with every configured role and group, or a new password on an existing application;
// all or nothing (whatever was created is deleted again if a step fails); deletion is
// idempotent. Each operation signs in, does its work and closes its connections. Server-only.
import { randomBytes } from "node:crypto";
import type { CloudConfig } from "../cloud-config";
import type { AzureRoleInput } from "./inputs";
import { AzureSpError, cloudFailure, said, type AzureApi } from "./cloud-errors";
import { openAzureSession, type AzureSession, type AzureSpLogin } from "./session";
import { assignRole, deleteRoleAssignment, resolveRoles } from "./roles";
import * as directory from "./directory";
import { retryWhile, systemClock, type Clock } from "./retry";

export interface AzureOpsDeps {
  config: CloudConfig;
  /** injected in tests so replication retries do not sleep */
  clock?: Clock;
  signal?: AbortSignal;
}

/** What exists in Azure for one lease: ids only, never the secret. */
export interface ServicePrincipalIds {
  kind: "service-principal";
  tenantId: string;
  applicationObjectId: string;
  clientId: string;
  servicePrincipalId: string;
  passwordKeyId: string;
  roleAssignmentIds: string[];
  groupIds: string[];
}

export interface ApplicationPasswordIds {
  kind: "application-password";
  tenantId: string;
  applicationObjectId: string;
  clientId: string;
  keyId: string;
}

export interface Issued<T> {
  ids: T;
  clientSecret: string;
  /** when Azure itself stops accepting the password (RFC 3339) */
  secretExpiresAt: string;
}

export interface CreateServicePrincipalRequest {
  login: AzureSpLogin;
  roles: AzureRoleInput[];
  groups: string[];
  displayNamePrefix: string;
  /** the password's lifetime in Azure: the lease's maxTtl, so nothing outlives it even if Ferry never cleans up */
  maxTtlSeconds: number;
  /** recorded on the application (its notes) and the password's name, so operators can trace it to the lease */
  marker: string;
  /**
   * Called once the application exists, before anything else is created under it: the lease
   * domain writes its id to the pending lease, so a crash from here on leaves something the
   * reaper can delete. A throw aborts the open (and deletes the application again).
   */
  onApplication?: (ids: ServicePrincipalIds) => Promise<void>;
}

export async function createServicePrincipal(req: CreateServicePrincipalRequest, deps: AzureOpsDeps): Promise<Issued<ServicePrincipalIds>> {
  const clock = deps.clock ?? systemClock;
  const session = await openAzureSession(req.login, deps.config, { arm: req.roles.length > 0 }, deps.signal);
  const ids: ServicePrincipalIds = { kind: "service-principal", tenantId: req.login.tenantId, applicationObjectId: "", clientId: "", servicePrincipalId: "", passwordKeyId: "", roleAssignmentIds: [], groupIds: [] };
  try {
    // Everything that can be checked is checked before anything is created (Vault checks at role write).
    const roles = await resolveRoles(session.arm, req.roles, deps.signal);
    for (const g of req.groups) {
      const exists = await step(session, "Microsoft Graph", `looking up group ${g}`, () => directory.groupExists(session.graph, g));
      if (!exists) throw new AzureSpError(`azure-sp: group ${g} does not exist in tenant ${req.login.tenantId}`, "Request_ResourceNotFound");
    }
    const displayName = `${req.displayNamePrefix}${randomBytes(4).toString("hex")}`;
    const app = await step(session, "Microsoft Graph", `creating application "${displayName}"`, () => directory.createApplication(session.graph, displayName, notes(req.marker)));
    ids.applicationObjectId = app.id;
    ids.clientId = app.appId;
    await req.onApplication?.({ ...ids });
    ids.servicePrincipalId = await step(session, "Microsoft Graph", `creating the service principal of application ${app.appId}`, () => directory.createServicePrincipalFor(session.graph, app.appId));
    const end = new Date(clock.now() + req.maxTtlSeconds * 1000);
    const password = await step(session, "Microsoft Graph", `adding a password to application ${app.appId}`, () => directory.addPassword(session.graph, app.id, `${req.displayNamePrefix}${req.marker}`, end));
    ids.passwordKeyId = password.keyId;
    for (const role of roles) {
      const id = await step(session, "Azure Resource Manager", `assigning ${role.asWritten} at scope "${role.scope}"`, () => assignRole(session.arm, ids.servicePrincipalId, role, clock, deps.signal));
      ids.roleAssignmentIds.push(id);
    }
    for (const g of req.groups) {
      await step(session, "Microsoft Graph", `adding the service principal to group ${g}`, () =>
        retryWhile(() => directory.addGroupMember(session.graph, session.apis.graph.scope.replace(/\/\.default$/, ""), g, ids.servicePrincipalId), (e) => cloudFailure(e).code === "Request_ResourceNotFound", clock, deps.signal),
      );
      ids.groupIds.push(g);
    }
    return { ids, clientSecret: password.secretText, secretExpiresAt: password.endDateTime };
  } catch (e) {
    if (!ids.applicationObjectId) throw e;
    const left = await teardown(session, ids);
    const failed = e instanceof AzureSpError ? e : new AzureSpError(`azure-sp: ${said(cloudFailure(e))}`, cloudFailure(e).code);
    throw new AzureSpError(
      left.length === 0
        ? `${failed.message}; everything Ferry had created for it was deleted again`
        : `${failed.message}; deleting what Ferry had created failed too, so these remain in tenant ${req.login.tenantId}: ${left.join("; ")}`,
      failed.code,
      left,
    );
  } finally {
    await session.close();
  }
}

export interface AddApplicationPasswordRequest {
  login: AzureSpLogin;
  applicationObjectId: string;
  displayNamePrefix: string;
  maxTtlSeconds: number;
  marker: string;
}

export async function addApplicationPassword(req: AddApplicationPasswordRequest, deps: AzureOpsDeps): Promise<Issued<ApplicationPasswordIds>> {
  const clock = deps.clock ?? systemClock;
  const session = await openAzureSession(req.login, deps.config, { arm: false }, deps.signal);
  try {
    const app = await step(session, "Microsoft Graph", `reading application ${req.applicationObjectId}`, () => directory.getApplication(session.graph, req.applicationObjectId));
    const end = new Date(clock.now() + req.maxTtlSeconds * 1000);
    let password;
    try {
      password = await directory.addPassword(session.graph, app.id, `${req.displayNamePrefix}${req.marker}`, end);
    } catch (e) {
      const f = cloudFailure(e);
      // Graph's two answers at the limit: TooManyAppPasswords, or (older tenants) the object size limit.
      if (f.code === "TooManyAppPasswords" || f.code === "Directory_ResourceSizeExceeded" || /exceeded its limit|maximum of \d+ passwords/i.test(f.message)) {
        throw new AzureSpError(`azure-sp: application ${app.appId} has as many passwords as Azure allows (${said(f)}); remove unused ones, or wait for leases to end`, f.code);
      }
      throw new AzureSpError(`azure-sp: adding a password to application ${app.appId} failed: ${said(f)}`, f.code);
    }
    return {
      ids: { kind: "application-password", tenantId: req.login.tenantId, applicationObjectId: app.id, clientId: app.appId, keyId: password.keyId },
      clientSecret: password.secretText,
      secretExpiresAt: password.endDateTime,
    };
  } finally {
    await session.close();
  }
}

export interface DeleteResult {
  /** clean-up that failed but does not keep the credentials alive (Vault reports these as warnings) */
  warnings: string[];
}

/** Deletes the lease's role assignments, group memberships, service principal and application. Fails only if the application remains. */
export async function deleteServicePrincipal(req: { login: AzureSpLogin; ids: ServicePrincipalIds }, deps: AzureOpsDeps): Promise<DeleteResult> {
  const session = await openAzureSession(req.login, deps.config, { arm: req.ids.roleAssignmentIds.length > 0 }, deps.signal);
  try {
    const warnings = await teardown(session, req.ids, { appRequired: true });
    return { warnings };
  } finally {
    await session.close();
  }
}

export async function removeApplicationPassword(req: { login: AzureSpLogin; ids: ApplicationPasswordIds }, deps: AzureOpsDeps): Promise<void> {
  const session = await openAzureSession(req.login, deps.config, { arm: false }, deps.signal);
  try {
    await step(session, "Microsoft Graph", `removing password ${req.ids.keyId} from application ${req.ids.clientId}`, () => directory.removePassword(session.graph, req.ids.applicationObjectId, req.ids.keyId));
  } finally {
    await session.close();
  }
}

/**
 * Vault's revoke order: role assignments and group memberships (bookkeeping: they die with the
 * principal, so their failures are returned, not thrown), the service principal, the application.
 * With `appRequired`, failing to delete the application throws; otherwise it is returned too.
 */
async function teardown(session: AzureSession, ids: ServicePrincipalIds, opts: { appRequired?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (e) {
      problems.push(`${what} (${said(cloudFailure(e))})`);
    }
  };
  for (const id of ids.roleAssignmentIds) await attempt(`role assignment ${id}`, () => deleteRoleAssignment(session.arm, id));
  if (ids.servicePrincipalId) {
    for (const g of ids.groupIds) await attempt(`membership of ${ids.servicePrincipalId} in group ${g}`, () => directory.removeGroupMember(session.graph, g, ids.servicePrincipalId));
    await attempt(`service principal ${ids.servicePrincipalId}`, () => directory.deleteServicePrincipalObject(session.graph, ids.servicePrincipalId));
  }
  try {
    await directory.deleteApplication(session.graph, ids.applicationObjectId);
  } catch (e) {
    const f = cloudFailure(e);
    const what = `application ${ids.applicationObjectId} (client id ${ids.clientId})`;
    if (opts.appRequired) throw new AzureSpError(`azure-sp: deleting ${what} failed: ${said(f)}`, f.code);
    problems.push(`${what} (${said(f)})`);
  }
  return problems;
}

/** Runs one call; a cloud refusal becomes "azure-sp: <what> failed: <Code>: <message>". */
async function step<T>(session: AzureSession, api: AzureApi, what: string, call: () => Promise<T>): Promise<T> {
  try {
    session.signal?.throwIfAborted();
    return await call();
  } catch (e) {
    if (e instanceof AzureSpError) throw e;
    const f = cloudFailure(e);
    if (f.status === undefined && f.message === "no answer") {
      const [endpoint, variable] = api === "Microsoft Graph" ? [session.apis.graph.endpoint, "FERRY_AZURE_GRAPH_ENDPOINT"] : [session.apis.arm.endpoint, "FERRY_AZURE_ARM_ENDPOINT"];
      throw new AzureSpError(`azure-sp: ${what} failed: could not reach ${api} at ${endpoint} (${f.code}); check ${variable} and FERRY_AZURE_CA_BUNDLE`, f.code);
    }
    throw new AzureSpError(`azure-sp: ${what} failed: ${said(f)}`, f.code);
  }
}

const notes = (marker: string) => `Created by Ferry for lease ${marker}; Ferry deletes it when the lease ends.`;
