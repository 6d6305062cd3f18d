// A local Azure Resource Manager for Microsoft.Authorization at api-version 2022-04-01 (what
// @azure/arm-authorization 9 sends): role definitions (list at a scope with
// `$filter=roleName eq '…'`, get by scope and name, get by id) and role assignments (create,
// delete). Scopes must exist (subscriptions of the token's tenant, known resource groups);
// a principal must exist in the fake Graph, and a new one answers `PrincipalNotFound` for its
// first `principalNotFoundCount` assignments (Graph → ARM replication). Error codes and statuses
// are ARM's. Tokens must come from the fake Entra with ARM's audience. See ./AZURE_FAKES.md.
import { ApiError, GUID, isoNow, sameId, startApiServer, type ApiRequest, type ApiServer } from "./azure-api";
import type { AccessTokenRejected, EntraSigner } from "./entra-tokens";
import { pick } from "./fake-graph";

export const API_VERSION = "2022-04-01";

export interface ArmRoleDefinition {
  /** the GUID; ids are `<scope>/providers/Microsoft.Authorization/roleDefinitions/<name>` */
  name: string;
  roleName: string;
  type: "BuiltInRole" | "CustomRole";
  /** `/` for built-in roles */
  assignableScopes: string[];
}

export interface ArmRoleAssignment {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string | null;
  createdBy: string;
}

export interface ArmFailure {
  /** role definition GUID and/or scope the failure applies to (case-insensitive) */
  roleDefinitionName?: string;
  scope?: string;
  status?: number;
  code?: string;
  message?: string;
}

export interface ArmFakeConfig {
  principalNotFoundCount: number;
  /** makes matching role assignment writes fail (default: 403 AuthorizationFailed) */
  failRoleAssignment: ArmFailure | null;
}

export interface ArmState {
  /** subscription id → tenant id */
  subscriptions: Record<string, string>;
  /** `/subscriptions/<id>/resourceGroups/<name>` */
  resourceGroups: string[];
  roleDefinitions: ArmRoleDefinition[];
  roleAssignments: ArmRoleAssignment[];
  config: ArmFakeConfig;
}

export interface FakeArm extends ApiServer {
  state: ArmState;
}

/** Azure's built-in roles keep these names (GUIDs) in every tenant. */
export const BUILT_IN_ROLES: ArmRoleDefinition[] = [
  { name: "acdd72a7-3385-48ef-bd42-f606fba81ae7", roleName: "Reader", type: "BuiltInRole", assignableScopes: ["/"] },
  { name: "b24988ac-6180-42a0-ab88-20f7382dd24c", roleName: "Contributor", type: "BuiltInRole", assignableScopes: ["/"] },
  { name: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", roleName: "Owner", type: "BuiltInRole", assignableScopes: ["/"] },
  { name: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", roleName: "User Access Administrator", type: "BuiltInRole", assignableScopes: ["/"] },
  { name: "ba92f5b4-2d11-453d-a403-e96b0029c9fe", roleName: "Storage Blob Data Contributor", type: "BuiltInRole", assignableScopes: ["/"] },
];

export const ARM_AUDIENCES = ["https://management.azure.com", "https://management.azure.com/", "https://management.core.windows.net", "https://management.core.windows.net/"];

const AUTHZ = "/providers/microsoft.authorization/";

export async function startFakeArm(opts: {
  tls: { key: string; cert: string };
  port?: number;
  signer: EntraSigner;
  /** asked for each assignment's principal: the fake Graph's directory */
  principalExists(id: string): boolean;
  subscriptions: Record<string, string>;
  resourceGroups?: string[];
  roleDefinitions?: ArmRoleDefinition[];
}): Promise<FakeArm> {
  const state: ArmState = {
    subscriptions: { ...opts.subscriptions },
    resourceGroups: [...(opts.resourceGroups ?? [])],
    roleDefinitions: [...(opts.roleDefinitions ?? BUILT_IN_ROLES)],
    roleAssignments: [],
    config: { principalNotFoundCount: 0, failRoleAssignment: null },
  };
  const replication = new Map<string, number>();

  /** The scope's subscription (undefined at tenant scope); 404 when the scope does not exist. */
  function checkScope(scope: string, caller: { tid: string }): string | undefined {
    if (scope === "") return undefined;
    const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(\/providers\/.+)?)?$/i.exec(scope);
    if (!m) throw new ApiError(400, "InvalidScope", `The scope '${scope}' is not valid.`);
    const sub = Object.keys(state.subscriptions).find((s) => sameId(s, m[1]));
    if (!sub) throw new ApiError(404, "SubscriptionNotFound", `The subscription '${m[1]}' could not be found.`);
    if (state.subscriptions[sub] !== caller.tid) {
      throw new ApiError(401, "InvalidAuthenticationTokenTenant", `The access token is from the wrong issuer 'https://sts.windows.net/${caller.tid}/'. It must match the tenant 'https://sts.windows.net/${state.subscriptions[sub]}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${state.subscriptions[sub]}' to get the token.`);
    }
    if (m[2] && !state.resourceGroups.some((rg) => sameId(rg, `/subscriptions/${sub}/resourceGroups/${m[2]}`))) {
      throw new ApiError(404, "ResourceGroupNotFound", `Resource group '${m[2]}' could not be found.`);
    }
    return sub;
  }

  const within = (scope: string, assignable: string) => assignable === "/" || sameId(scope, assignable) || scope.toLowerCase().startsWith(`${assignable.toLowerCase()}/`);
  const visibleAt = (scope: string) => state.roleDefinitions.filter((d) => scope === "" ? d.assignableScopes.includes("/") : d.assignableScopes.some((a) => within(scope, a)));
  const definitionJson = (d: ArmRoleDefinition, sub: string | undefined) => ({
    id: `${sub ? `/subscriptions/${sub}` : ""}/providers/Microsoft.Authorization/roleDefinitions/${d.name}`,
    type: "Microsoft.Authorization/roleDefinitions",
    name: d.name,
    properties: { roleName: d.roleName, type: d.type, description: `${d.roleName} (fake)`, assignableScopes: d.assignableScopes, permissions: [{ actions: ["*"], notActions: [], dataActions: [], notDataActions: [] }], createdOn: "2015-02-02T21:55:09.8806423Z", updatedOn: "2021-11-11T20:13:47.8628684Z", createdBy: null, updatedBy: null },
  });
  const assignmentJson = (a: ArmRoleAssignment) => ({
    id: a.id,
    type: "Microsoft.Authorization/roleAssignments",
    name: a.name,
    properties: { roleDefinitionId: a.roleDefinitionId, principalId: a.principalId, principalType: a.principalType, scope: a.scope, condition: null, conditionVersion: null, createdOn: isoNow(), updatedOn: isoNow(), createdBy: null, updatedBy: a.createdBy, delegatedManagedIdentityResourceId: null, description: null },
  });
  const definitionNotFound = (id: string) => new ApiError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${id}' does not exist.`);

  function listDefinitions(r: ApiRequest, scope: string) {
    const sub = checkScope(scope, r.caller);
    const filter = r.query.get("$filter");
    let defs = visibleAt(scope);
    if (filter) {
      const m = /^roleName eq '((?:[^']|'')*)'$/.exec(filter.trim());
      if (!m) throw new ApiError(400, "InvalidFilterInQueryString", `The filter '${filter}' is not supported. Supported filters are either roleName eq '{value}' or type eq 'BuiltInRole|CustomRole'.`);
      const wanted = m[1].replace(/''/g, "'").toLowerCase();
      defs = defs.filter((d) => d.roleName.toLowerCase() === wanted);
    }
    return { status: 200, body: { value: defs.map((d) => definitionJson(d, sub)) } };
  }

  function getDefinition(r: ApiRequest, scope: string, name: string) {
    const sub = checkScope(scope, r.caller);
    const d = visibleAt(scope).find((x) => sameId(x.name, name));
    if (!d) throw definitionNotFound(name);
    return { status: 200, body: definitionJson(d, sub) };
  }

  function putAssignment(r: ApiRequest, scope: string, name: string) {
    checkScope(scope, r.caller);
    if (!GUID.test(name)) throw new ApiError(400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    const p = ((r.body ?? {}) as { properties?: { roleDefinitionId?: unknown; principalId?: unknown; principalType?: unknown } }).properties ?? {};
    const roleDefinitionId = String(p.roleDefinitionId ?? "");
    const principalId = String(p.principalId ?? "");
    const defName = /\/roleDefinitions\/([^/]+)$/i.exec(roleDefinitionId)?.[1] ?? "";
    const def = visibleAt(scope).find((d) => sameId(d.name, defName));
    if (!def) throw new ApiError(400, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${defName || roleDefinitionId}' does not exist.`);
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    const fail = state.config.failRoleAssignment;
    if (fail && (!fail.scope || sameId(fail.scope, scope)) && (!fail.roleDefinitionName || sameId(fail.roleDefinitionName, def.name))) {
      throw new ApiError(fail.status ?? 403, fail.code ?? "AuthorizationFailed", fail.message ?? `The client '${r.caller.appid}' with object id '${r.caller.oid}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${id}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
    }
    if (!replication.has(principalId)) replication.set(principalId, state.config.principalNotFoundCount);
    const waiting = replication.get(principalId)!;
    if (waiting > 0 || !opts.principalExists(principalId)) {
      replication.set(principalId, Math.max(0, waiting - 1));
      throw new ApiError(400, "PrincipalNotFound", `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${r.caller.tid}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`);
    }
    const existing = state.roleAssignments.find((a) => sameId(a.name, name));
    if (existing) {
      if (sameId(existing.principalId, principalId) && sameId(existing.scope, scope) && existing.roleDefinitionId.toLowerCase().endsWith(def.name.toLowerCase())) return { status: 201, body: assignmentJson(existing) };
      throw new ApiError(409, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
    }
    if (state.roleAssignments.some((a) => sameId(a.scope, scope) && sameId(a.principalId, principalId) && a.roleDefinitionId.toLowerCase().endsWith(def.name.toLowerCase()))) {
      throw new ApiError(409, "RoleAssignmentExists", "The role assignment already exists.");
    }
    const created: ArmRoleAssignment = { id, name, scope, roleDefinitionId, principalId, principalType: typeof p.principalType === "string" ? p.principalType : null, createdBy: r.caller.oid };
    state.roleAssignments.push(created);
    return { status: 201, body: assignmentJson(created) };
  }

  function deleteAssignment(r: ApiRequest, scope: string, name: string) {
    checkScope(scope, r.caller);
    const i = state.roleAssignments.findIndex((a) => sameId(a.name, name) && sameId(a.scope, scope));
    // ARM answers 204 with no body for an assignment that does not exist
    if (i < 0) return { status: 204 };
    const [gone] = state.roleAssignments.splice(i, 1);
    return { status: 200, body: assignmentJson(gone) };
  }

  const server = await startApiServer({
    tls: opts.tls,
    port: opts.port,
    signer: opts.signer,
    knowsTenant: (tid) => Object.values(state.subscriptions).includes(tid),
    audiences: ARM_AUDIENCES,
    innerError: false,
    unauthorized: armUnauthorized,
    control(method, path, body) {
      if (path === "/_fake/state") return state;
      if (path === "/_fake/config" && method === "POST") {
        const b = (body ?? {}) as Partial<ArmFakeConfig> & { roleDefinitions?: ArmRoleDefinition[]; resourceGroups?: string[] };
        Object.assign(state.config, pick(b, ["principalNotFoundCount", "failRoleAssignment"]));
        for (const d of b.roleDefinitions ?? []) if (!state.roleDefinitions.some((x) => sameId(x.name, d.name))) state.roleDefinitions.push(d);
        for (const rg of b.resourceGroups ?? []) if (!state.resourceGroups.includes(rg)) state.resourceGroups.push(rg);
        return state.config;
      }
      return { error: `no fake control ${method} ${path}` };
    },
    async route(r) {
      const version = r.query.get("api-version");
      if (!version) throw new ApiError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
      if (version !== API_VERSION) throw new ApiError(400, "InvalidApiVersionParameter", `The api-version '${version}' is invalid. The supported versions are '${API_VERSION}'.`);
      const lower = r.path.toLowerCase();
      const at = lower.lastIndexOf(AUTHZ);
      if (at < 0) throw new ApiError(404, "InvalidResourceType", `The resource type could not be found in the namespace for api version '${version}'.`);
      const scope = r.path.slice(0, at);
      const [kind, name, ...rest] = r.path.slice(at + AUTHZ.length).split("/");
      if (rest.length) throw new ApiError(404, "InvalidResourceType", "The resource type could not be found.");
      if (/^roleDefinitions$/i.test(kind) && r.method === "GET") return name === undefined ? listDefinitions(r, scope) : getDefinition(r, scope, name);
      if (/^roleAssignments$/i.test(kind) && name && r.method === "PUT") return putAssignment(r, scope, name);
      if (/^roleAssignments$/i.test(kind) && name && r.method === "DELETE") return deleteAssignment(r, scope, name);
      throw new ApiError(405, "MethodNotAllowed", `The requested resource does not support http method '${r.method}'.`);
    },
  });
  return Object.assign(server, { state });
}

function armUnauthorized(f: AccessTokenRejected["failure"]): ApiError {
  switch (f.kind) {
    case "missing":
      return new ApiError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    case "expired":
      return new ApiError(401, "ExpiredAuthenticationToken", `The access token expiry UTC time '${new Date(f.exp * 1000).toUTCString()}' is earlier than current UTC time '${new Date(f.now * 1000).toUTCString()}'.`);
    case "audience":
      return new ApiError(401, "InvalidAuthenticationToken", `The access token has been obtained for wrong audience or resource '${f.aud}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES.map((a) => `'${a}'`).join(",")}.`);
    case "issuer":
      return new ApiError(401, "InvalidAuthenticationTokenTenant", `The access token is from the wrong issuer '${f.iss}'.`);
    default:
      return new ApiError(401, "InvalidAuthenticationToken", "The access token is invalid.");
  }
}
