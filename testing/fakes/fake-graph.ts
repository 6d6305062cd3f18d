// A local Microsoft Graph (v1.0) with the calls a Vault-style Azure secrets engine makes:
// applications (create, get, delete, addPassword, removePassword), service principals (create,
// delete) and group members (get group, add and remove `$ref`). Paths, status codes and error
// bodies follow Graph's: `Request_ResourceNotFound` 404s, `Request_BadRequest` 400s,
// `TooManyAppPasswords` at the per-application password limit. Deleting an application deletes
// its service principal and that principal's group memberships, as Entra does; role assignments
// in ARM are left behind (orphaned), as in Azure. Tokens must come from the fake Entra with the
// Graph audience. What is and is not modelled: ./AZURE_FAKES.md.
import { randomBytes, randomUUID } from "node:crypto";
import { ApiError, GUID, isoNow, sameId, startApiServer, type ApiRequest, type ApiServer } from "./azure-api";
import type { AccessTokenRejected, EntraSigner } from "./entra-tokens";

export interface GraphPassword {
  keyId: string;
  displayName: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
}

export interface GraphApplication {
  id: string;
  appId: string;
  displayName: string;
  notes: string | null;
  tags: string[];
  createdDateTime: string;
  passwordCredentials: GraphPassword[];
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
}

export interface GraphGroup {
  id: string;
  displayName: string;
  members: string[];
}

export interface GraphFakeConfig {
  /** passwords one application may hold before addPassword answers TooManyAppPasswords */
  maxPasswordsPerApplication: number;
  /** a new service principal is unknown to group-member writes for this many attempts (replication) */
  memberNotFoundCount: number;
}

export interface GraphState {
  tenantId: string;
  applications: GraphApplication[];
  servicePrincipals: GraphServicePrincipal[];
  groups: GraphGroup[];
  config: GraphFakeConfig;
}

export interface FakeGraph extends ApiServer {
  state: GraphState;
  /** whether a directory object (service principal, group) exists: ARM asks this for principals */
  objectExists(id: string): boolean;
  /** the unexpired password secrets of the application with this appId, if it has a service principal: Entra accepts them */
  secretsFor(tenantId: string, appId: string): string[] | undefined;
}

export const GRAPH_AUDIENCES = ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"];

const notFound = (id: string) => new ApiError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
const badRequest = (message: string) => new ApiError(400, "Request_BadRequest", message);

export async function startFakeGraph(opts: { tls: { key: string; cert: string }; port?: number; signer: EntraSigner; tenantId: string; groups?: GraphGroup[]; applications?: GraphApplication[] }): Promise<FakeGraph> {
  const state: GraphState = {
    tenantId: opts.tenantId,
    applications: [...(opts.applications ?? [])],
    servicePrincipals: [],
    groups: [...(opts.groups ?? [])],
    config: { maxPasswordsPerApplication: 100, memberNotFoundCount: 0 },
  };
  const pendingMembers = new Map<string, number>();
  /** keyId → secretText; Graph returns a secret once and never lists it */
  const secrets = new Map<string, string>();
  const app = (id: string) => state.applications.find((a) => sameId(a.id, id));
  const group = (id: string) => state.groups.find((g) => sameId(g.id, id));
  const objectExists = (id: string) => state.servicePrincipals.some((s) => sameId(s.id, id)) || !!group(id);
  const base = () => `${server.url}/v1.0`;

  const appJson = (a: GraphApplication) => ({
    "@odata.context": `${base()}/$metadata#applications/$entity`,
    ...a,
    signInAudience: "AzureADMyOrg",
    keyCredentials: [],
    passwordCredentials: a.passwordCredentials.map((p) => ({ customKeyIdentifier: null, secretText: null, ...p })),
  });

  const routes: Array<[string, RegExp, (r: ApiRequest, m: RegExpExecArray) => { status: number; body?: unknown }]> = [
    ["POST", /^\/v1\.0\/applications$/, (r) => {
      const b = (r.body ?? {}) as { displayName?: unknown; notes?: unknown; tags?: unknown };
      if (typeof b.displayName !== "string" || !b.displayName) throw badRequest("Invalid value specified for property 'displayName' of resource 'Application'.");
      const created: GraphApplication = {
        id: randomUUID(),
        appId: randomUUID(),
        displayName: b.displayName,
        notes: typeof b.notes === "string" ? b.notes : null,
        tags: Array.isArray(b.tags) ? b.tags.map(String) : [],
        createdDateTime: isoNow(),
        passwordCredentials: [],
      };
      state.applications.push(created);
      return { status: 201, body: appJson(created) };
    }],
    ["GET", /^\/v1\.0\/applications\/([^/]+)$/, (_, m) => {
      const a = app(m[1]);
      if (!a) throw notFound(m[1]);
      return { status: 200, body: appJson(a) };
    }],
    ["DELETE", /^\/v1\.0\/applications\/([^/]+)$/, (_, m) => {
      const a = app(m[1]);
      if (!a) throw notFound(m[1]);
      state.applications.splice(state.applications.indexOf(a), 1);
      for (const sp of state.servicePrincipals.filter((s) => s.appId === a.appId)) removeServicePrincipal(sp);
      return { status: 204 };
    }],
    ["POST", /^\/v1\.0\/applications\/([^/]+)\/addPassword$/, (r, m) => {
      const a = app(m[1]);
      if (!a) throw notFound(m[1]);
      const pc = ((r.body ?? {}) as { passwordCredential?: { displayName?: unknown; endDateTime?: unknown } }).passwordCredential ?? {};
      const start = isoNow();
      const end = typeof pc.endDateTime === "string" ? pc.endDateTime : new Date(Date.now() + 2 * 365 * 86400_000).toISOString();
      if (Number.isNaN(Date.parse(end)) || Date.parse(end) <= Date.parse(start)) throw badRequest("Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
      const limit = state.config.maxPasswordsPerApplication;
      if (a.passwordCredentials.length >= limit) throw new ApiError(400, "TooManyAppPasswords", `Not allowed to add ${a.passwordCredentials.length + 1} passwords. You can only add a maximum of ${limit} passwords.`);
      const secretText = `${randomBytes(3).toString("base64url")}8Q~${randomBytes(27).toString("base64url")}`;
      const password: GraphPassword = { keyId: randomUUID(), displayName: typeof pc.displayName === "string" ? pc.displayName : null, hint: secretText.slice(0, 3), startDateTime: start, endDateTime: new Date(end).toISOString() };
      a.passwordCredentials.push(password);
      secrets.set(password.keyId, secretText);
      return { status: 200, body: { "@odata.context": `${base()}/$metadata#microsoft.graph.passwordCredential`, customKeyIdentifier: null, ...password, secretText } };
    }],
    ["POST", /^\/v1\.0\/applications\/([^/]+)\/removePassword$/, (r, m) => {
      const a = app(m[1]);
      if (!a) throw notFound(m[1]);
      const keyId = String(((r.body ?? {}) as { keyId?: unknown }).keyId ?? "");
      const i = a.passwordCredentials.findIndex((p) => sameId(p.keyId, keyId));
      if (i < 0) throw badRequest(`No password credential found with keyId ${keyId}.`);
      secrets.delete(a.passwordCredentials[i].keyId);
      a.passwordCredentials.splice(i, 1);
      return { status: 204 };
    }],
    ["POST", /^\/v1\.0\/servicePrincipals$/, (r) => {
      const appId = String(((r.body ?? {}) as { appId?: unknown }).appId ?? "");
      const a = state.applications.find((x) => sameId(x.appId, appId));
      if (!a) throw badRequest(`The appId '${appId}' of the service principal does not reference a valid application object.`);
      if (state.servicePrincipals.some((s) => sameId(s.appId, appId))) {
        throw new ApiError(409, "Request_MultipleObjectsWithSameKeyValue", `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`);
      }
      const sp: GraphServicePrincipal = { id: randomUUID(), appId: a.appId, displayName: a.displayName };
      state.servicePrincipals.push(sp);
      pendingMembers.set(sp.id, state.config.memberNotFoundCount);
      return { status: 201, body: { "@odata.context": `${base()}/$metadata#servicePrincipals/$entity`, ...sp, accountEnabled: true, servicePrincipalType: "Application" } };
    }],
    ["DELETE", /^\/v1\.0\/servicePrincipals\/([^/]+)$/, (_, m) => {
      const sp = state.servicePrincipals.find((s) => sameId(s.id, m[1]));
      if (!sp) throw notFound(m[1]);
      removeServicePrincipal(sp);
      return { status: 204 };
    }],
    ["GET", /^\/v1\.0\/groups\/([^/]+)$/, (_, m) => {
      const g = group(m[1]);
      if (!g) throw notFound(m[1]);
      return { status: 200, body: { "@odata.context": `${base()}/$metadata#groups/$entity`, id: g.id, displayName: g.displayName, securityEnabled: true } };
    }],
    ["POST", /^\/v1\.0\/groups\/([^/]+)\/members\/\$ref$/, (r, m) => {
      const g = group(m[1]);
      if (!g) throw notFound(m[1]);
      const ref = String(((r.body ?? {}) as Record<string, unknown>)["@odata.id"] ?? "");
      const member = /\/v1\.0\/directoryObjects\/([^/]+)$/.exec(ref)?.[1];
      if (!member || !GUID.test(member)) throw badRequest(`Invalid object identifier '${ref}'.`);
      const waiting = pendingMembers.get(member) ?? 0;
      if (waiting > 0) {
        pendingMembers.set(member, waiting - 1);
        throw notFound(member);
      }
      if (!objectExists(member)) throw notFound(member);
      if (g.members.some((x) => sameId(x, member))) throw badRequest("One or more added object references already exist for the following modified properties: 'members'.");
      g.members.push(member);
      return { status: 204 };
    }],
    ["DELETE", /^\/v1\.0\/groups\/([^/]+)\/members\/([^/]+)\/\$ref$/, (_, m) => {
      const g = group(m[1]);
      if (!g) throw notFound(m[1]);
      const i = g.members.findIndex((x) => sameId(x, m[2]));
      if (i < 0) throw notFound(m[2]);
      g.members.splice(i, 1);
      return { status: 204 };
    }],
  ];

  function removeServicePrincipal(sp: GraphServicePrincipal) {
    state.servicePrincipals.splice(state.servicePrincipals.indexOf(sp), 1);
    for (const g of state.groups) g.members = g.members.filter((x) => !sameId(x, sp.id));
  }

  const server = await startApiServer({
    tls: opts.tls,
    port: opts.port,
    signer: opts.signer,
    knowsTenant: (tid) => tid === state.tenantId,
    audiences: GRAPH_AUDIENCES,
    innerError: true,
    unauthorized: graphUnauthorized,
    control(method, path, body) {
      if (path === "/_fake/state") return state;
      if (path === "/_fake/config" && method === "POST") {
        const b = (body ?? {}) as Partial<GraphFakeConfig> & { groups?: GraphGroup[] };
        Object.assign(state.config, pick(b, ["maxPasswordsPerApplication", "memberNotFoundCount"]));
        for (const g of b.groups ?? []) if (!group(g.id)) state.groups.push({ ...g, members: [...(g.members ?? [])] });
        return state.config;
      }
      return { error: `no fake control ${method} ${path}` };
    },
    async route(r) {
      for (const [method, re, fn] of routes) {
        const m = re.exec(r.path);
        if (m && method === r.method) return fn(r, m);
      }
      throw new ApiError(400, "BadRequest", `Resource not found for the segment '${r.path.split("/").pop()}'.`);
    },
  });
  const secretsFor = (tenantId: string, appId: string) => {
    const a = state.applications.find((x) => sameId(x.appId, appId));
    if (tenantId !== state.tenantId || !a || !state.servicePrincipals.some((s) => sameId(s.appId, appId))) return undefined;
    return a.passwordCredentials.filter((p) => Date.parse(p.endDateTime) > Date.now()).map((p) => secrets.get(p.keyId) ?? "");
  };
  return Object.assign(server, { state, objectExists, secretsFor });
}

function graphUnauthorized(f: AccessTokenRejected["failure"]): ApiError {
  switch (f.kind) {
    case "missing":
      return new ApiError(401, "InvalidAuthenticationToken", "Access token is empty.");
    case "expired":
      return new ApiError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
    case "audience":
      return new ApiError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    case "issuer":
      return new ApiError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid issuer.");
    default:
      return new ApiError(401, "InvalidAuthenticationToken", "Access token validation failure.");
  }
}

export function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
