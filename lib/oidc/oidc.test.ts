import { describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { db } from "../db/client";
import { makeOrg, makeUser, grantOnEnvironment, addMember } from "../../testing/factories";
import { createEnvironment } from "../environments/environments";
import { discoveryDocument, issuerUrl } from "./issuer";
import { ensureSigningKey, publishedSigningKeys, rotateSigningKey, RETIRED_KEY_GRACE_SECONDS } from "./signing-keys";
import { mintForContext as mintEnvironmentToken } from "../../testing/mint-token";
import { describeCloudTrust } from "../environments/cloud-trust";
import { getOidcSettings, setOidcSubjectFormat } from "../orgs/oidc-settings";
import { issuerWarnings } from "./issuer";

let userId = "";
const context = (org: string, env = "payments/dev") => ({
  pulumi: { user: { id: userId, login: "ann@example.com" }, organization: { login: org } },
  currentEnvironment: { name: env },
  rootEnvironment: { name: env },
});

async function verify(token: string, issuer = issuerUrl()) {
  return jwtVerify(token, createLocalJWKSet({ keys: await publishedSigningKeys() }), { issuer, algorithms: ["RS256"] });
}

describe("signing keys", () => {
  it("creates one key even when several instances start together", async () => {
    const results = await Promise.all([ensureSigningKey(), ensureSigningKey(), ensureSigningKey()]);
    expect(new Set(results.map((r) => r.kid)).size).toBe(1);
    expect(await db().signingKey.count({ where: { retiredAt: null } })).toBe(1);
    expect((await ensureSigningKey()).created).toBe(false);
  });

  it("keeps private keys sealed at rest and publishes only public RSA parameters", async () => {
    await ensureSigningKey();
    const row = (await db().signingKey.findFirst({ where: { retiredAt: null } }))!;
    expect(row.privateKeyEncrypted).not.toMatch(/PRIVATE KEY/);
    const [jwk] = await publishedSigningKeys();
    expect(Object.keys(jwk).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    expect(jwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: row.kid });
  });

  it("rotation: the new key signs, tokens from the old key verify until its grace ends", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    userId = owner.userId;
    await createEnvironment(owner, org, { project: "payments", name: "dev" });
    await ensureSigningKey();
    const before = await mintEnvironmentToken({ platform: "aws", context: context(org), lifetimeSeconds: 600 });
    const rotated = await rotateSigningKey();
    expect(rotated.retired.map((r) => r.kid)).toContain(before.kid);
    const after = await mintEnvironmentToken({ platform: "aws", context: context(org), lifetimeSeconds: 600 });
    expect(after.kid).toBe(rotated.kid);
    expect(decodeProtectedHeader(after.token)).toEqual({ alg: "RS256", typ: "JWT", kid: rotated.kid });
    await expect(verify(before.token)).resolves.toBeTruthy();
    await expect(verify(after.token)).resolves.toBeTruthy();
    const kids = (at: number) => publishedSigningKeys(new Date(at)).then((ks) => ks.map((k) => k.kid));
    expect(await kids(Date.now() + (RETIRED_KEY_GRACE_SECONDS - 60) * 1000)).toContain(before.kid);
    expect(await kids(Date.now() + (RETIRED_KEY_GRACE_SECONDS + 60) * 1000)).not.toContain(before.kid);
  });
});

describe("tokens", () => {
  it("follow the organization's subject format", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    userId = owner.userId;
    await createEnvironment(owner, org, { project: "payments", name: "dev" });
    await createEnvironment(owner, org, { name: "app" });
    const minted = await mintEnvironmentToken({ platform: "azure", context: context(org), lifetimeSeconds: 3600 });
    const { payload } = await verify(minted.token);
    expect(payload).toMatchObject({ iss: issuerUrl(), aud: `azure:${org}`, sub: `ferry:environments:org:${org}:env:payments/dev`, trigger_user: "ann@example.com", current_env: "payments/dev" });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    const audit = await db().auditEvent.findFirst({ where: { action: "oidc.token.issue", target: `${org}/payments/dev` } });
    expect(JSON.parse(audit!.detail!)).toMatchObject({ jti: payload.jti, sub: payload.sub, aud: payload.aud, kid: minted.kid, platform: "azure" });

    await setOidcSubjectFormat(owner, org, { subjectFormat: "pulumi" });
    const legacy = await mintEnvironmentToken({ platform: "aws", context: context(org, "default/app"), lifetimeSeconds: 600 });
    expect(legacy.claims).toMatchObject({ aud: org, sub: `pulumi:environments:org:${org}:env:app` });
  });

  it("need the open right on the environment whose subject they carry", async () => {
    const owner = await makeUser();
    const reader = await makeUser();
    const org = await makeOrg(owner);
    await addMember(owner, org, { email: reader.email, role: "member" });
    const ref = await createEnvironment(owner, org, { project: "payments", name: "dev" });
    const env = await db().environment.findFirstOrThrow({ where: { project: ref.project, name: ref.name, organization: { name: org } } });
    await grantOnEnvironment(env.id, reader.userId, "reader");
    userId = reader.userId;
    await expect(mintEnvironmentToken({ platform: "aws", context: context(org), lifetimeSeconds: 300 })).rejects.toThrow(/can't open .*payments\/dev/);
    userId = owner.userId;
    await expect(mintEnvironmentToken({ platform: "aws", context: context(org, "payments/missing"), lifetimeSeconds: 300 })).rejects.toThrow(/not found/);
  });

  it("use the configured issuer in the discovery document", () => {
    expect(discoveryDocument("https://ferry.example.com/oidc")).toMatchObject({
      issuer: "https://ferry.example.com/oidc",
      jwks_uri: "https://ferry.example.com/oidc/.well-known/jwks",
      id_token_signing_alg_values_supported: ["RS256"],
    });
  });
});

describe("subject format setting and trust panel", () => {
  it("only admins change the format; outsiders see nothing", async () => {
    const owner = await makeUser();
    const member = await makeUser();
    const outsider = await makeUser();
    const org = await makeOrg(owner);
    await addMember(owner, org, { email: member.email, role: "member" });
    await expect(setOidcSubjectFormat(member, org, { subjectFormat: "pulumi" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setOidcSubjectFormat(outsider, org, { subjectFormat: "pulumi" })).rejects.toMatchObject({ code: "not_found" });
    await expect(setOidcSubjectFormat(owner, org, { subjectFormat: "github" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await getOidcSettings(member, org)).toMatchObject({ subjectFormat: "ferry", canChange: false });
    await setOidcSubjectFormat(owner, org, { subjectFormat: "pulumi" });
    expect(await getOidcSettings(owner, org)).toMatchObject({ subjectFormat: "pulumi", canChange: true });
    await expect(getOidcSettings(outsider, org)).rejects.toMatchObject({ code: "not_found" });
  });

  it("describes the exact sub, aud and a trust policy", async () => {
    const owner = await makeUser();
    const outsider = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { project: "payments", name: "dev" });
    const trust = await describeCloudTrust(owner, ref);
    const host = issuerUrl().replace(/^https?:\/\//, "");
    expect(trust.aws).toMatchObject({ audience: `aws:${org}`, subject: `ferry:environments:org:${org}:env:payments/dev` });
    expect(JSON.parse(trust.aws.trustPolicy).Statement[0].Condition.StringEquals).toEqual({ [`${host}:aud`]: `aws:${org}`, [`${host}:sub`]: trust.aws.subject });
    expect(trust.azure).toMatchObject({ issuer: issuerUrl(), audience: `azure:${org}`, subject: trust.aws.subject });
    await expect(describeCloudTrust(outsider, ref)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("issuer warnings", () => {
  it.each([
    ["https://ferry.example.com/oidc", 0],
    ["http://ferry.example.com/oidc", 1],
    ["https://ferry.example.com:8443/oidc", 1],
    ["http://localhost:3000/oidc", 3],
  ])("%s → %i", (issuer, count) => {
    expect(issuerWarnings(issuer)).toHaveLength(count);
  });
});
