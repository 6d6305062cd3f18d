// fn::open::azure-sp inputs → a checked request, or an error sentence naming the field. Pure (no
// node:, no network): the schema in ../schemas.ts already rejects wrong types and malformed
// GUIDs in the editor; this adds what a schema cannot say (one mode, not both; ttl ≤ maxTtl;
// a role needs exactly one of roleName/roleId; scopes Azure would accept; no duplicates).
import { checkSubjectAttributes } from "../../oidc/claims";
import { asObject, asString, type Plain } from "../inputs";
import { parseDuration } from "../../esc/duration";

export const AZURE_SP_DEFAULTS = { ttl: "1h", maxTtl: "24h", displayNamePrefix: "ferry-" } as const;
/** A lease shorter than a minute cannot be used before the reaper removes it. */
export const MIN_TTL_SECONDS = 60;
/** Vault gives dynamic principals' passwords ten years; Ferry's hard stop is never later. */
export const MAX_TTL_SECONDS = 10 * 365 * 24 * 3600;
/** Entra's application displayName holds 256 characters; the random suffix takes 9. */
export const MAX_PREFIX_LENGTH = 64;

export const GUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const GUID = new RegExp(GUID_PATTERN);
const G = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
// Resource group names: 1–90 of letters, digits, _ - . ( ), not ending in "."; resource ids
// below them alternate provider namespace / type / name segments.
const RG = "[-\\w.()]{0,89}[-\\w()]";
const SEGMENT = "[^/\\s?#%]+";
const SCOPE = new RegExp(
  `^(?:/subscriptions/${G}(?:/resourceGroups/${RG}(?:/providers/${SEGMENT}(?:/${SEGMENT}/${SEGMENT})+)?)?|/providers/Microsoft\\.Management/managementGroups/[-\\w.()]{1,90})$`,
  "i",
);
const ROLE_DEFINITION_ID = new RegExp(`^(?:/subscriptions/${G})?/providers/Microsoft\\.Authorization/roleDefinitions/${G}$`, "i");

export interface AzureSpLoginInput {
  clientId: string;
  tenantId: string;
  subscriptionId: string;
  clientSecret?: string;
  oidc: boolean;
  subjectAttributes: string[];
}

/** One role to assign: by name (resolved at the scope) or by id (a GUID or a full definition id). */
export type AzureRoleInput = { roleName: string; roleId?: undefined; scope: string } | { roleId: string; roleName?: undefined; scope: string };

export interface AzureSpRequest {
  login: AzureSpLoginInput;
  mode: { kind: "service-principal"; roles: AzureRoleInput[]; groups: string[] } | { kind: "application-password"; applicationObjectId: string };
  ttlSeconds: number;
  maxTtlSeconds: number;
  displayNamePrefix: string;
}

function fail(message: string): never {
  throw new Error(`azure-sp: ${message}`);
}

/** A misspelt optional field (`tll: 2h`) would otherwise be ignored and its default used. */
function onlyKnown(o: { [k: string]: Plain }, known: readonly string[], where: string): void {
  const unknown = Object.keys(o).find((k) => !known.includes(k));
  if (unknown !== undefined) fail(`${where}unknown field \`${unknown}\`; expected ${known.map((k) => `\`${k}\``).join(", ")}`);
}

export const isGuid = (s: string) => GUID.test(s);
export const isAzureScope = (s: string) => SCOPE.test(s) && !/\/\.\.?(\/|$)/.test(s);
export const isRoleDefinitionId = (s: string) => ROLE_DEFINITION_ID.test(s) || GUID.test(s);

/** Throws an Error whose message is the diagnostic (`azure-sp: …`). */
export function parseAzureSpInputs(args: { [k: string]: Plain }): AzureSpRequest {
  onlyKnown(args, ["login", "roles", "groups", "applicationObjectId", "ttl", "maxTtl", "displayNamePrefix"], "");
  const login = parseLogin(asObject(args.login) ?? fail("`login` is required: {clientId, tenantId, subscriptionId} with `oidc: true` or a `clientSecret`"));
  const hasRoles = args.roles !== undefined;
  const hasGroups = args.groups !== undefined;
  const appObjectId = asString(args.applicationObjectId);
  if (appObjectId !== undefined && (hasRoles || hasGroups)) {
    fail("give either `roles`/`groups` (a new service principal per open) or `applicationObjectId` (a new password on an existing application), not both");
  }
  let mode: AzureSpRequest["mode"];
  if (appObjectId !== undefined) {
    if (!isGuid(appObjectId)) fail(`applicationObjectId "${appObjectId}" is not an object id (a GUID such as 00000000-0000-0000-0000-000000000000)`);
    mode = { kind: "application-password", applicationObjectId: appObjectId.toLowerCase() };
  } else {
    const roles = parseRoles(args.roles);
    const groups = parseGroups(args.groups);
    if (roles.length === 0 && groups.length === 0) {
      fail("give `roles` (and optionally `groups`) to create a service principal per open, or `applicationObjectId` to add a password to an existing application");
    }
    mode = { kind: "service-principal", roles, groups };
  }
  const ttlSeconds = parseTtl("ttl", args.ttl, AZURE_SP_DEFAULTS.ttl);
  const maxTtlSeconds = parseTtl("maxTtl", args.maxTtl, AZURE_SP_DEFAULTS.maxTtl);
  if (ttlSeconds > maxTtlSeconds) fail(`ttl (${asString(args.ttl) ?? AZURE_SP_DEFAULTS.ttl}) is longer than maxTtl (${asString(args.maxTtl) ?? AZURE_SP_DEFAULTS.maxTtl}); renewals can never pass maxTtl, so the first lease cannot either`);
  const displayNamePrefix = asString(args.displayNamePrefix) ?? AZURE_SP_DEFAULTS.displayNamePrefix;
  if (!/^[\w.-]+$/.test(displayNamePrefix) || displayNamePrefix.length > MAX_PREFIX_LENGTH) {
    fail(`displayNamePrefix "${displayNamePrefix}" must be 1–${MAX_PREFIX_LENGTH} letters, digits, "-", "_" or "."`);
  }
  return { login, mode, ttlSeconds, maxTtlSeconds, displayNamePrefix };
}

function parseLogin(o: { [k: string]: Plain }): AzureSpLoginInput {
  onlyKnown(o, ["clientId", "tenantId", "subscriptionId", "oidc", "clientSecret", "subjectAttributes"], "login: ");
  const clientId = asString(o.clientId);
  const tenantId = asString(o.tenantId);
  const subscription = asString(o.subscriptionId);
  if (!clientId || !tenantId || !subscription) fail("`login` needs `clientId`, `tenantId` and `subscriptionId`");
  if (!isGuid(clientId)) fail(`login.clientId "${clientId}" is not an application (client) id (a GUID)`);
  if (!/^[0-9a-zA-Z.-]+$/.test(tenantId)) fail(`login.tenantId "${tenantId}" may contain only letters, digits, "-" and "."`);
  const subscriptionId = /^\/?subscriptions\/([^/]+)\/?$/i.exec(subscription.trim())?.[1] ?? subscription.trim();
  if (!isGuid(subscriptionId)) fail(`login.subscriptionId "${subscription}" is not a subscription id (a GUID, or /subscriptions/<GUID>)`);
  const clientSecret = asString(o.clientSecret);
  const oidc = o.oidc === true;
  if (oidc && clientSecret !== undefined) fail("in `login`, give either `oidc: true` or `clientSecret`, not both");
  if (!oidc && !clientSecret) fail("in `login`, set `oidc: true` (a federated credential trusting Ferry's issuer) or give a `clientSecret`");
  const subjectAttributes = Array.isArray(o.subjectAttributes) ? o.subjectAttributes.map(String) : [];
  const bad = checkSubjectAttributes(subjectAttributes);
  if (bad) fail(`login.${bad}`);
  return { clientId: clientId.toLowerCase(), tenantId, subscriptionId: subscriptionId.toLowerCase(), clientSecret, oidc, subjectAttributes };
}

function parseRoles(v: Plain | undefined): AzureRoleInput[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail("`roles` must be a list of {roleName or roleId, scope}");
  const seen = new Set<string>();
  return v.map((item, i) => {
    const o = asObject(item) ?? fail(`roles[${i}] must be an object {roleName or roleId, scope}`);
    onlyKnown(o, ["roleName", "roleId", "scope"], `roles[${i}]: `);
    const roleName = asString(o.roleName);
    const roleId = asString(o.roleId);
    const scope = asString(o.scope);
    if ((roleName === undefined) === (roleId === undefined)) fail(`roles[${i}] needs exactly one of \`roleName\` or \`roleId\``);
    if (roleName !== undefined && !roleName.trim()) fail(`roles[${i}].roleName is empty`);
    if (roleId !== undefined && !isRoleDefinitionId(roleId)) {
      fail(`roles[${i}].roleId "${roleId}" is not a role definition id: use its GUID or /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<GUID>`);
    }
    if (!scope) fail(`roles[${i}] needs a \`scope\` such as /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>`);
    if (!isAzureScope(scope)) {
      fail(`roles[${i}].scope "${scope}" is not an Azure scope: use /subscriptions/<id>, /subscriptions/<id>/resourceGroups/<name>, a resource id below it, or /providers/Microsoft.Management/managementGroups/<id>`);
    }
    const key = `${(roleName ?? roleId ?? "").toLowerCase()}|${scope.toLowerCase()}`;
    if (seen.has(key)) fail(`roles[${i}] repeats ${roleName ? `role "${roleName}"` : `roleId "${roleId}"`} at scope "${scope}"`);
    seen.add(key);
    return roleName !== undefined ? { roleName: roleName.trim(), scope } : { roleId: roleId as string, scope };
  });
}

function parseGroups(v: Plain | undefined): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail("`groups` must be a list of group object ids");
  const out: string[] = [];
  v.forEach((g, i) => {
    if (typeof g !== "string" || !isGuid(g)) fail(`groups[${i}] ${JSON.stringify(g)} is not a group object id (a GUID)`);
    const id = g.toLowerCase();
    if (out.includes(id)) fail(`groups[${i}] repeats group ${id}`);
    out.push(id);
  });
  return out;
}

function parseTtl(name: string, v: Plain | undefined, fallback: string): number {
  const text = v === undefined ? fallback : asString(v);
  const seconds = text === undefined ? undefined : parseDuration(text);
  if (seconds === undefined) fail(`${name} ${JSON.stringify(v)} is not a duration such as 1h, 30m or 1h30m`);
  if (seconds < MIN_TTL_SECONDS) fail(`${name} must be at least 1m, got ${text}`);
  if (seconds > MAX_TTL_SECONDS) fail(`${name} must be at most 87600h (ten years), got ${text}`);
  return seconds;
}
