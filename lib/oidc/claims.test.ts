import { describe, expect, it } from "vitest";
import { audienceFor, checkSubjectAttributes, environmentClaims, subjectFor, subjectInputFromContext } from "./claims";

const who = { org: "acme", currentEnvironment: "payments/dev", rootEnvironment: "payments/app", userLogin: "ann@example.com" };
const legacy = { ...who, currentEnvironment: "default/dev", rootEnvironment: "default/app" };

describe("subjects", () => {
  it.each([
    ["ferry", who, [], "ferry:environments:org:acme:env:payments/dev"],
    ["pulumi", who, [], "pulumi:environments:org:acme:env:payments/dev"],
    ["ferry", legacy, [], "ferry:environments:org:acme:env:default/dev"],
    ["pulumi", legacy, [], "pulumi:environments:org:acme:env:dev"],
    [
      "pulumi",
      who,
      ["currentEnvironment.name", "pulumi.user.login"],
      "pulumi:environments:pulumi.organization.login:acme:currentEnvironment.name:payments/dev:pulumi.user.login:ann@example.com",
    ],
    ["ferry", who, ["rootEnvironment.name"], "ferry:environments:pulumi.organization.login:acme:rootEnvironment.name:payments/app"],
    ["pulumi", legacy, ["rootEnvironment.name", "pulumi.organization.login"], "pulumi:environments:pulumi.organization.login:acme:rootEnvironment.name:app"],
  ] as const)("%s %# → %s", (format, input, attrs, expected) => {
    expect(subjectFor(format, input, attrs)).toBe(expected);
  });

  it("rejects unknown and repeated attributes", () => {
    expect(checkSubjectAttributes(["currentEnvironment.name"])).toBeUndefined();
    expect(checkSubjectAttributes(["team"])).toMatch(/unknown attribute "team"/);
    expect(checkSubjectAttributes(["pulumi.user.login", "pulumi.user.login"])).toMatch(/listed twice/);
    expect(() => subjectFor("ferry", who, ["team"])).toThrow(/unknown attribute/);
  });
});

describe("audiences", () => {
  it.each([
    ["aws", "payments/dev", "aws:acme"],
    ["azure", "payments/dev", "azure:acme"],
    ["aws", "default/dev", "acme"],
    ["azure", "default/dev", "acme"],
  ] as const)("%s for %s is %s", (platform, env, aud) => {
    expect(audienceFor(platform, "acme", env)).toBe(aud);
  });
});

describe("environmentClaims", () => {
  const base = { issuer: "https://ferry.example.com/oidc", platform: "aws" as const, format: "ferry" as const, who, now: 1_700_000_000_500, jti: "j1" };

  it("carries the registered and ESC claims with a short lifetime", () => {
    expect(environmentClaims({ ...base, lifetimeSeconds: 600 })).toEqual({
      iss: "https://ferry.example.com/oidc",
      aud: "aws:acme",
      sub: "ferry:environments:org:acme:env:payments/dev",
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_000_600,
      jti: "j1",
      org: "acme",
      current_env: "payments/dev",
      root_env: "payments/app",
      trigger_user: "ann@example.com",
    });
  });

  it("never exceeds one hour", () => {
    const c = environmentClaims({ ...base, lifetimeSeconds: 86_400 });
    expect(c.exp - c.iat).toBe(3600);
  });

  it("reads the evaluator's execution context", () => {
    const ctx = { pulumi: { user: { login: "ann@example.com" }, organization: { login: "acme" } }, currentEnvironment: { name: "payments/dev" }, rootEnvironment: { name: "payments/app" } };
    expect(subjectInputFromContext(ctx)).toEqual(who);
    expect(() => subjectInputFromContext({})).toThrow(/no organization/);
    // imports arrive as written: versions and the legacy project-less form
    const imported = { ...ctx, currentEnvironment: { name: "shared@stable" }, rootEnvironment: { name: "payments/app@4" } };
    expect(subjectInputFromContext(imported)).toMatchObject({ currentEnvironment: "default/shared", rootEnvironment: "payments/app" });
  });
});
