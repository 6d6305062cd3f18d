// azure-sp inputs: what the schema cannot check, as a table (input → the sentence a user sees).
import { describe, expect, it } from "vitest";
import type { Plain } from "../inputs";
import { isAzureScope, parseAzureSpInputs } from "./inputs";

const SUBSCRIPTION = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
const login = { clientId: "c0ffee00-1111-4222-8333-444455556666", tenantId: "0f1e2d3c-4b5a-4697-8876-a5b4c3d2e1f0", subscriptionId: SUBSCRIPTION, oidc: true };
const role = { roleName: "Reader", scope: `/subscriptions/${SUBSCRIPTION}` };
const parse = (args: { [k: string]: Plain }) => parseAzureSpInputs(args);

describe("azure-sp inputs", () => {
  it("applies Vault-like defaults: 1h lease, 24h maximum, ferry- prefix", () => {
    const r = parse({ login, roles: [role] });
    expect(r).toMatchObject({ ttlSeconds: 3600, maxTtlSeconds: 86400, displayNamePrefix: "ferry-", mode: { kind: "service-principal", roles: [role], groups: [] } });
    expect(r.login).toMatchObject({ oidc: true, clientSecret: undefined, subscriptionId: SUBSCRIPTION });
  });

  it("accepts /subscriptions/<id>, a secret login, groups alone, and the existing-application mode", () => {
    expect(parse({ login: { ...login, oidc: false, clientSecret: "s", subscriptionId: `/subscriptions/${SUBSCRIPTION}` }, groups: ["A0A0A0A0-0000-4000-8000-00000000000A"] })).toMatchObject({
      login: { subscriptionId: SUBSCRIPTION, clientSecret: "s", oidc: false },
      mode: { kind: "service-principal", roles: [], groups: ["a0a0a0a0-0000-4000-8000-00000000000a"] },
    });
    expect(parse({ login, applicationObjectId: "af0d4667-fec7-45a5-bc07-94b4cf313730", ttl: "30m", maxTtl: "2h" })).toMatchObject({ mode: { kind: "application-password" }, ttlSeconds: 1800, maxTtlSeconds: 7200 });
  });

  it.each<[string, { [k: string]: Plain }, RegExp]>([
    ["no login", { roles: [role] }, /`login` is required/],
    ["both login methods", { login: { ...login, clientSecret: "s" }, roles: [role] }, /either `oidc: true` or `clientSecret`, not both/],
    ["no login method", { login: { ...login, oidc: false }, roles: [role] }, /set `oidc: true`.*or give a `clientSecret`/],
    ["a malformed clientId", { login: { ...login, clientId: "my-app" }, roles: [role] }, /login.clientId "my-app" is not an application \(client\) id/],
    ["a malformed subscription", { login: { ...login, subscriptionId: "prod" }, roles: [role] }, /login.subscriptionId "prod" is not a subscription id/],
    ["an unknown subject attribute", { login: { ...login, subjectAttributes: ["team"] }, roles: [role] }, /login\..*team/],
    ["both modes", { login, roles: [role], applicationObjectId: "af0d4667-fec7-45a5-bc07-94b4cf313730" }, /either `roles`\/`groups`.*or `applicationObjectId`.*not both/],
    ["groups with an application", { login, groups: ["a0a0a0a0-0000-4000-8000-00000000000a"], applicationObjectId: "af0d4667-fec7-45a5-bc07-94b4cf313730" }, /not both/],
    ["neither mode", { login }, /give `roles`.*or `applicationObjectId`/],
    ["empty roles and groups", { login, roles: [], groups: [] }, /give `roles`/],
    ["a malformed applicationObjectId", { login, applicationObjectId: "app" }, /applicationObjectId "app" is not an object id/],
    ["a role with name and id", { login, roles: [{ ...role, roleId: "acdd72a7-3385-48ef-bd42-f606fba81ae7" }] }, /roles\[0\] needs exactly one of `roleName` or `roleId`/],
    ["a role with neither", { login, roles: [{ scope: role.scope }] }, /roles\[0\] needs exactly one/],
    ["a malformed roleId", { login, roles: [{ roleId: "Reader", scope: role.scope }] }, /roles\[0\].roleId "Reader" is not a role definition id/],
    ["a role without scope", { login, roles: [{ roleName: "Reader" }] }, /roles\[0\] needs a `scope`/],
    ["a scope without /subscriptions", { login, roles: [{ roleName: "Reader", scope: SUBSCRIPTION }] }, /roles\[0\].scope ".*" is not an Azure scope/],
    ["a scope with a bad subscription", { login, roles: [{ roleName: "Reader", scope: "/subscriptions/prod" }] }, /is not an Azure scope/],
    ["a scope with a trailing slash", { login, roles: [{ roleName: "Reader", scope: `/subscriptions/${SUBSCRIPTION}/` }] }, /is not an Azure scope/],
    ["a scope with dot segments", { login, roles: [{ roleName: "Reader", scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/..` }] }, /is not an Azure scope/],
    ["a scope with a query", { login, roles: [{ roleName: "Reader", scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg?x=1` }] }, /is not an Azure scope/],
    ["a repeated role", { login, roles: [role, { ...role, roleName: "reader" }] }, /roles\[1\] repeats role "reader"/],
    ["a malformed group", { login, groups: ["devs"] }, /groups\[0\] "devs" is not a group object id/],
    ["a repeated group", { login, groups: ["a0a0a0a0-0000-4000-8000-00000000000a", "A0A0A0A0-0000-4000-8000-00000000000A"] }, /groups\[1\] repeats group/],
    ["ttl above maxTtl", { login, roles: [role], ttl: "2h", maxTtl: "1h" }, /ttl \(2h\) is longer than maxTtl \(1h\)/],
    ["ttl above the default maxTtl", { login, roles: [role], ttl: "48h" }, /ttl \(48h\) is longer than maxTtl \(24h\)/],
    ["a ttl that is not a duration", { login, roles: [role], ttl: "soon" }, /ttl "soon" is not a duration/],
    ["a ttl under a minute", { login, roles: [role], ttl: "30s" }, /ttl must be at least 1m/],
    ["a maxTtl over ten years", { login, roles: [role], maxTtl: "90000h" }, /maxTtl must be at most 87600h/],
    ["a misspelt field", { login, roles: [role], tll: "2h" }, /unknown field `tll`; expected `login`, `roles`/],
    ["a misspelt login field", { login: { ...login, tenant: "x" }, roles: [role] }, /login: unknown field `tenant`/],
    ["a misspelt role field", { login, roles: [{ ...role, scopes: "/" }] }, /roles\[0\]: unknown field `scopes`/],
    ["a prefix with spaces", { login, roles: [role], displayNamePrefix: "my app " }, /displayNamePrefix "my app " must be/],
  ])("refuses %s", (_, args, expected) => {
    expect(() => parse(args)).toThrow(expected);
  });

  it.each([
    [`/subscriptions/${SUBSCRIPTION}`, true],
    [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app`, true],
    [`/subscriptions/${SUBSCRIPTION}/resourcegroups/My_RG.(1)`, true],
    [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct`, true],
    [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vn/subnets/a`, true],
    ["/providers/Microsoft.Management/managementGroups/platform", true],
    [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg.`, false],
    [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage`, false],
    [`/subscriptions/${SUBSCRIPTION}//resourceGroups/rg`, false],
    [`/subscriptions/${SUBSCRIPTION}/resourceGroups/r g`, false],
    ["/", false],
  ])("scope %s → %s", (scope, ok) => {
    expect(isAzureScope(scope)).toBe(ok);
  });
});
