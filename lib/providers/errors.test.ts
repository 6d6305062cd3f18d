import { describe, expect, it } from "vitest";
import { describeStsFailure } from "./aws-errors";
import { describeEntraFailure } from "./azure-errors";
import { readCloudConfig } from "./cloud-config";
import { bareSubscriptionId } from "./azure-login";

const claims = { iss: "https://ferry.example.com/oidc", aud: "aws:acme", sub: "ferry:environments:org:acme:env:payments/dev" };
const sts = { claims, roleArn: "arn:aws:iam::123456789012:role/deploy", durationSeconds: 7200, endpoint: "https://sts.amazonaws.com" };
const stsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("STS failures", () => {
  it.each([
    [stsError("InvalidIdentityTokenException", "No OpenIDConnect provider found in your account for https://ferry.example.com/oidc"), /create one with URL "https:\/\/ferry.example.com\/oidc" and audience "aws:acme"/],
    [stsError("InvalidIdentityTokenException", "Incorrect token audience"), /Add "aws:acme" to the audiences .* ferry.example.com\/oidc/],
    [stsError("InvalidIdentityTokenException", "Couldn't retrieve verification key from your identity provider"), /reachable from AWS over https/],
    [stsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"), /"ferry.example.com\/oidc:aud" = "aws:acme" and "ferry.example.com\/oidc:sub" = "ferry:environments:org:acme:env:payments\/dev"/],
    [stsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."), /duration \(7200s\) is above the role's maximum/],
    [stsError("ExpiredTokenException", "Token expired: current date/time 2 must be before the expiration date/time 1"), /clocks agree/],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }), /could not reach STS at https:\/\/sts.amazonaws.com \(ECONNREFUSED/],
  ])("%#", (e, fix) => {
    const m = describeStsFailure(e, sts);
    expect(m).toMatch(fix);
    if (!/could not reach/.test(m)) {
      expect(m).toContain(`${e.name.replace(/Exception$/, "")}: ${e.message}`.replace(/\.$/, ""));
      expect(m).toContain('Ferry presented a token with iss "https://ferry.example.com/oidc", aud "aws:acme", sub "ferry:environments:org:acme:env:payments/dev".');
    }
  });
});

describe("Entra failures", () => {
  const at = { claims: { ...claims, aud: "azure:acme" }, tenantId: "t1", clientId: "c1", authorityHost: "https://login.microsoftonline.com" };
  const msal = (code: number, text: string) =>
    new Error(`invalid_client: Error(s): ${code} - Timestamp: 2026-01-01 00:00:00Z - Description: AADSTS${code}: ${text} Trace ID: x Correlation ID: y Timestamp: z - Correlation ID: y - Trace ID: x`);
  it.each([
    [msal(700213, "No matching federated identity record found for presented assertion subject 'x'."), /AADSTS700213: No matching federated identity record found for presented assertion subject 'x'\. Ferry presented.*Subject mismatch/],
    [msal(700212, "No matching federated identity record found for presented assertion audience 'a'."), /Audience mismatch: the app's federated credential must have issuer "https:\/\/ferry.example.com\/oidc", subject "ferry:environments:org:acme:env:payments\/dev" and audience "azure:acme"/],
    [msal(700211, "No matching federated identity record found for presented assertion issuer 'i'."), /No federated credential trusts this issuer/],
    [msal(700024, "Client assertion is not within its valid time range."), /clock/],
    [msal(7000272, "The certificate with identifier k used to sign the federated credential could not be found."), /signing key/],
    [msal(90002, "Tenant 't1' not found."), /Tenant "t1" was not found/],
    [new Error("getaddrinfo ENOTFOUND login.example.com"), /could not reach Entra at https:\/\/login.microsoftonline.com/],
  ])("%#", (e, expected) => {
    expect(describeEntraFailure(e, at)).toMatch(expected);
  });
});

describe("configuration and inputs", () => {
  it("Ferry's variables win over the SDKs'; instance discovery only for Microsoft hosts", () => {
    expect(readCloudConfig({})).toEqual({
      aws: { region: "us-east-1", stsEndpoint: undefined },
      azure: { authorityHost: "https://login.microsoftonline.com", disableInstanceDiscovery: false, caBundlePath: undefined, graphEndpoint: "https://graph.microsoft.com", armEndpoint: "https://management.azure.com" },
    });
    const c = readCloudConfig({ AWS_REGION: "eu-west-1", FERRY_AWS_REGION: "eu-central-1", FERRY_AWS_STS_ENDPOINT: "http://127.0.0.1:1", AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us/", FERRY_AZURE_CA_BUNDLE: "/ca.pem" });
    expect(c.aws).toEqual({ region: "eu-central-1", stsEndpoint: "http://127.0.0.1:1" });
    expect(c.azure).toMatchObject({ authorityHost: "https://login.microsoftonline.us", disableInstanceDiscovery: false, caBundlePath: "/ca.pem" });
    expect(readCloudConfig({ AZURE_AUTHORITY_HOST: "https://a.example", FERRY_AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" }).azure).toMatchObject({ authorityHost: "https://127.0.0.1:8443", disableInstanceDiscovery: true });
  });

  it("Graph and ARM endpoints: configurable, https only", () => {
    expect(readCloudConfig({ FERRY_AZURE_GRAPH_ENDPOINT: "https://graph.microsoft.us/", FERRY_AZURE_ARM_ENDPOINT: "https://127.0.0.1:8444" }).azure).toMatchObject({
      graphEndpoint: "https://graph.microsoft.us",
      armEndpoint: "https://127.0.0.1:8444",
    });
    expect(() => readCloudConfig({ FERRY_AZURE_GRAPH_ENDPOINT: "http://127.0.0.1:8443" })).toThrow('FERRY_AZURE_GRAPH_ENDPOINT must be an https URL without a query, got "http://127.0.0.1:8443"');
    expect(() => readCloudConfig({ FERRY_AZURE_ARM_ENDPOINT: "management.azure.com" })).toThrow(/FERRY_AZURE_ARM_ENDPOINT must be an https URL/);
  });

  it.each([
    ["/subscriptions/abc-1", "abc-1"],
    ["subscriptions/abc-1/", "abc-1"],
    ["abc-1", "abc-1"],
  ])("subscription %s → %s", (input, bare) => {
    expect(bareSubscriptionId(input)).toBe(bare);
  });
});
