// aws-login and azure-login through the language core, with the real SDKs (@aws-sdk/client-sts,
// @azure/identity) talking to the fake STS and fake Entra, which verify Ferry's tokens against a
// small issuer served from this test (lib/oidc's discovery document and key set over HTTP).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { checkEnvironment, createProviderRegistry, evalEnvironment, getEnvironmentVariables, loadEnvironment, type EscValue } from "../esc";
import { discoveryDocument } from "../oidc/issuer";
import { ensureSigningKey, publishedSigningKeys, rotateSigningKey } from "../oidc/signing-keys";
import { mintForContext as mintEnvironmentToken } from "../../testing/mint-token";
import { startFakeSts, type FakeSts } from "../../testing/fakes/fake-sts";
import { startFakeEntra, type FakeEntra } from "../../testing/fakes/fake-entra";
import { createTestCa } from "../../testing/fakes/test-ca";
import { makeUser, grantOnEnvironment, addMember } from "../../testing/factories";
import { createOrganization } from "../orgs/orgs";
import { createEnvironment } from "../environments/environments";
import { db } from "../db/client";
import { createAwsLoginProvider } from "./aws-login";
import { createAzureLoginProvider } from "./azure-login";
import type { CloudConfig } from "./cloud-config";

const ORG = "acme";
const SUB = "ferry:environments:org:acme:env:payments/dev";
const TENANT = "11111111-2222-3333-4444-555555555555";
const CLIENT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const SUBSCRIPTION = "99999999-8888-7777-6666-555555555555";

let issuerServer: Server;
let issuer: string;
let sts: FakeSts;
let entra: FakeEntra;
let cloud: CloudConfig;
let owner: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  await ensureSigningKey();
  // Tokens are only minted for environments the opener may open, so the names used below exist.
  owner = await makeUser();
  for (const org of [ORG, "globex"]) {
    await createOrganization(owner, { name: org });
    for (const [project, name] of [["payments", "dev"], ["payments", "prod"], ["default", "dev"], ["payments", "app"], ["payments", "shared"]]) {
      await createEnvironment(owner, org, { project, name });
    }
  }
  issuerServer = createServer(async (req, res) => {
    if (req.url === "/oidc/.well-known/openid-configuration") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(discoveryDocument(issuer)));
    if (req.url === "/oidc/.well-known/jwks") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: await publishedSigningKeys() }));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => issuerServer.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}/oidc`;
  const host = issuer.replace("http://", "");
  sts = await startFakeSts({
    trust: {
      providers: [{ url: host, audiences: ["aws:acme"] }],
      roles: [
        { arn: "arn:aws:iam::123456789012:role/deploy", trust: { provider: host, aud: "aws:acme", sub: SUB } },
        { arn: "arn:aws:iam::123456789012:role/long", maxSessionDuration: 7200, trust: { provider: host, aud: "aws:acme", sub: "ferry:environments:org:acme:env:*", match: "StringLike" } },
        { arn: "arn:aws:iam::123456789012:role/other-env", trust: { provider: host, aud: "aws:acme", sub: "ferry:environments:org:acme:env:payments/prod" } },
        {
          arn: "arn:aws:iam::123456789012:role/by-user",
          trust: { provider: host, aud: "aws:acme", sub: "ferry:environments:pulumi.organization.login:acme:currentEnvironment.name:payments/dev:pulumi.user.login:ann@example.com" },
        },
      ],
    },
  });
  const ca = createTestCa(mkdtempSync(path.join(tmpdir(), "ferry-test-ca-")));
  entra = await startFakeEntra({
    tls: { key: ca.serverKeyPem, cert: ca.serverCertPem },
    apps: [{ tenantId: TENANT, clientId: CLIENT, federatedCredentials: [{ issuer, subject: SUB, audiences: ["azure:acme"] }] }],
  });
  cloud = {
    aws: { region: "us-east-1", stsEndpoint: sts.url },
    azure: { authorityHost: entra.url, disableInstanceDiscovery: true, caBundlePath: ca.caCertPath },
  };
});

afterAll(async () => {
  await Promise.all([sts?.close(), entra?.close(), new Promise((r) => issuerServer?.close(r))]);
});

function registry(overrides: Partial<CloudConfig> = {}) {
  const deps = { mintToken: (req: Parameters<typeof mintEnvironmentToken>[0]) => mintEnvironmentToken({ ...req, issuer }), config: () => ({ ...cloud, ...overrides }) };
  return createProviderRegistry([createAwsLoginProvider(deps), createAzureLoginProvider(deps)]);
}

async function run(
  yaml: string,
  opts: { mode?: "open" | "check"; org?: string; env?: string; overrides?: Partial<CloudConfig>; userId?: string; imports?: Record<string, string> } = {},
) {
  const name = opts.env ?? "payments/dev";
  const loaded = loadEnvironment(name, yaml);
  const args = {
    name,
    env: loaded.env,
    providers: registry(opts.overrides),
    environments: { load: (n: string) => (opts.imports?.[n] !== undefined ? { text: opts.imports[n] } : { error: `environment "${n}" not found` }) },
    context: { pulumi: { user: { id: opts.userId ?? owner.userId, login: "ann@example.com" }, organization: { login: opts.org ?? ORG } } },
  };
  const result = opts.mode === "check" ? await checkEnvironment(args) : await evalEnvironment(args);
  return { ...result, diagnostics: [...loaded.diagnostics, ...result.diagnostics] };
}

const prop = (v: EscValue | undefined, ...keys: string[]): EscValue | undefined => keys.reduce<EscValue | undefined>((cur, k) => (cur?.value as Record<string, EscValue> | undefined)?.[k], v);

const awsDoc = (oidc: string) => `values:
  aws:
    login:
      fn::open::aws-login:
        oidc:
${oidc
  .split("\n")
  .map((l) => `          ${l}`)
  .join("\n")}
  environmentVariables:
    AWS_ACCESS_KEY_ID: \${aws.login.accessKeyId}
    AWS_SECRET_ACCESS_KEY: \${aws.login.secretAccessKey}
    AWS_SESSION_TOKEN: \${aws.login.sessionToken}
`;

describe("aws-login", () => {
  it("assumes the role at STS and projects the fake's credentials (Pulumi's guide example)", async () => {
    const r = await run(awsDoc("roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: pulumi-environments-session\nduration: 1h"));
    expect(r.diagnostics).toEqual([]);
    const issued = sts.issued.at(-1)!;
    expect(issued).toMatchObject({ subject: SUB, audience: "aws:acme", sessionName: "pulumi-environments-session" });
    const login = prop(r.env?.properties?.aws, "login");
    expect(prop(login, "accessKeyId")).toMatchObject({ value: issued.accessKeyId });
    expect(prop(login, "secretAccessKey")).toMatchObject({ value: issued.secretAccessKey, secret: true });
    expect(prop(login, "sessionToken")).toMatchObject({ value: issued.sessionToken, secret: true });
    expect(prop(login, "expiration")?.value).toBe(issued.expiration);
    expect(getEnvironmentVariables(r.env)).toMatchObject({
      AWS_ACCESS_KEY_ID: { value: issued.accessKeyId },
      AWS_SECRET_ACCESS_KEY: { value: issued.secretAccessKey, secret: true },
      AWS_SESSION_TOKEN: { value: issued.sessionToken, secret: true },
    });
  });

  it("check mode calls nothing and types the outputs", async () => {
    const before = sts.issued.length;
    const r = await run(awsDoc("roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci"), { mode: "check" });
    expect(r.diagnostics).toEqual([]);
    expect(sts.issued.length).toBe(before);
    expect(prop(r.env?.properties?.aws, "login")).toMatchObject({ unknown: true });
  });

  it("trust-policy subject mismatch: the cloud's code, what Ferry presented and the fix, at the fn::open", async () => {
    const yaml = awsDoc("roleArn: arn:aws:iam::123456789012:role/other-env\nsessionName: ci");
    const r = await run(yaml);
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.summary).toContain("AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity");
    expect(d.summary).toContain(`iss "${issuer}", aud "aws:acme", sub "${SUB}"`);
    expect(d.summary).toMatch(/trust policy of arn:aws:iam::123456789012:role\/other-env/);
    expect(d.range?.start.line).toBe(yaml.split("\n").findIndex((l) => l.includes("fn::open::aws-login")) + 1);
  });

  it.each([
    ["an audience the IAM provider does not list", { org: "globex" }, /Incorrect token audience.*aud "aws:globex".*Add "aws:globex" to the audiences/],
    ["a duration above the role's maximum", { duration: "2h" }, /ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration.*lower `duration`/],
  ])("maps %s", async (_, opt, expected) => {
    const r = await run(awsDoc(`roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci${"duration" in opt ? `\nduration: ${opt.duration}` : ""}`), { org: "org" in opt ? opt.org : undefined });
    expect(r.diagnostics.map((d) => d.summary).join("\n")).toMatch(expected);
  });

  it("maps an unknown issuer", async () => {
    const saved = sts.trust.providers.splice(0);
    try {
      const r = await run(awsDoc("roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci"));
      expect(r.diagnostics[0].summary).toMatch(/InvalidIdentityToken: No OpenIDConnect provider found in your account for http:\/\/127\.0\.0\.1.*create one with URL/);
    } finally {
      sts.trust.providers.push(...saved);
    }
  });

  it("longer sessions where the role allows them; subjectAttributes change the sub", async () => {
    expect((await run(awsDoc("roleArn: arn:aws:iam::123456789012:role/long\nsessionName: ci\nduration: 1h30m"))).diagnostics).toEqual([]);
    expect(Date.parse(sts.issued.at(-1)!.expiration) - Date.now()).toBeGreaterThan(5000 * 1000);
    const r = await run(awsDoc("roleArn: arn:aws:iam::123456789012:role/by-user\nsessionName: ci\nsubjectAttributes: [currentEnvironment.name, pulumi.user.login]"));
    expect(r.diagnostics).toEqual([]);
  });

  it.each([
    ["sessionName: ci", /missing required properties: roleArn/],
    ["roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci\nduration: soon", /string must match the pattern/],
    ["roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci\nduration: 5m", /duration must be between 15m and 12h/],
    ["roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci\nsubjectAttributes: [team]", /expected one of/],
  ])("validates inputs: %s", async (oidc, expected) => {
    const before = sts.issued.length;
    const r = await run(awsDoc(oidc));
    expect(r.diagnostics.map((d) => d.summary).join("\n")).toMatch(expected);
    expect(sts.issued.length).toBe(before);
  });

  it("passes static credentials through, secrets marked", async () => {
    const r = await run(`values:\n  aws:\n    fn::open::aws-login:\n      static:\n        accessKeyId: AKIAEXAMPLE\n        secretAccessKey: shh\n`);
    expect(r.diagnostics).toEqual([]);
    expect(prop(r.env?.properties?.aws, "secretAccessKey")).toMatchObject({ value: "shh", secret: true });
    expect(prop(r.env?.properties?.aws, "accessKeyId")).toMatchObject({ value: "AKIAEXAMPLE" });
  });

  it("follows the SDK's own AWS_ENDPOINT_URL_STS when Ferry's variable is unset", async () => {
    const saved = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = sts.url;
    try {
      const before = sts.issued.length;
      const r = await run(awsDoc("roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci"), { overrides: { aws: { region: "eu-west-1" } } });
      expect(r.diagnostics).toEqual([]);
      expect(sts.issued.length).toBe(before + 1);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = saved;
    }
  });

  it("says where it could not reach STS", async () => {
    const r = await run(awsDoc("roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci"), { overrides: { aws: { region: "us-east-1", stsEndpoint: "http://127.0.0.1:9" } } });
    expect(r.diagnostics[0].summary).toMatch(/could not reach STS at http:\/\/127\.0\.0\.1:9/);
  });

  it("an import's login needs the open right on the import, not only on the environment opened", async () => {
    const reader = await makeUser();
    await addMember(owner, ORG, { email: reader.email, role: "member" });
    const shared = await db().environment.findFirstOrThrow({ where: { project: "payments", name: "shared", organization: { name: ORG } } });
    await grantOnEnvironment(shared.id, reader.userId, "reader");
    const imports = { "payments/shared": awsDoc("roleArn: arn:aws:iam::123456789012:role/long\nsessionName: ci") };
    const doc = "imports:\n  - payments/shared\nvalues:\n  x: 1\n";
    const denied = await run(doc, { env: "payments/app", userId: reader.userId, imports });
    expect(denied.diagnostics.map((d) => d.summary).join("\n")).toMatch(/can't open .*payments\/shared/);
    const allowed = await run(doc, { env: "payments/app", imports });
    expect(allowed.diagnostics).toEqual([]);
    expect(sts.issued.at(-1)!.subject).toBe("ferry:environments:org:acme:env:payments/shared");
  });

  it("tokens signed before a key rotation are still accepted", async () => {
    const old = await mintEnvironmentToken({ platform: "aws", issuer, lifetimeSeconds: 300, context: { pulumi: { user: { id: owner.userId, login: "ann@example.com" }, organization: { login: ORG } }, currentEnvironment: { name: "payments/dev" }, rootEnvironment: { name: "payments/dev" } } });
    const rotated = await rotateSigningKey();
    expect(rotated.kid).not.toBe(old.kid);
    const client = new STSClient({ region: "us-east-1", endpoint: sts.url, maxAttempts: 1 });
    const res = await client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: "arn:aws:iam::123456789012:role/deploy", RoleSessionName: "ci", WebIdentityToken: old.token }));
    expect(res.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect((await run(awsDoc("roleArn: arn:aws:iam::123456789012:role/deploy\nsessionName: ci"))).diagnostics).toEqual([]);
  });
});

const azureDoc = (extra: string, subscription = SUBSCRIPTION) => `values:
  azure:
    login:
      fn::open::azure-login:
        clientId: ${CLIENT}
        tenantId: ${TENANT}
        subscriptionId: ${subscription}
${extra
  .split("\n")
  .map((l) => `        ${l}`)
  .join("\n")}
  environmentVariables:
    ARM_CLIENT_ID: \${azure.login.clientId}
    ARM_TENANT_ID: \${azure.login.tenantId}
    ARM_SUBSCRIPTION_ID: \${azure.login.subscriptionId}
`;

describe("azure-login", () => {
  it("exchanges the token at Entra with a client assertion (Pulumi's guide example)", async () => {
    const r = await run(azureDoc("oidc: true", `/subscriptions/${SUBSCRIPTION}`));
    expect(r.diagnostics).toEqual([]);
    const issued = entra.issued.at(-1)!;
    expect(issued).toMatchObject({ tenantId: TENANT, clientId: CLIENT, subject: SUB });
    const login = prop(r.env?.properties?.azure, "login");
    expect(prop(login, "accessToken")).toMatchObject({ value: issued.accessToken, secret: true });
    expect(prop(login, "oidc", "token")).toMatchObject({ secret: true });
    expect(Date.parse(String(prop(login, "expiresOn")?.value))).toBeGreaterThan(Date.now() + 3000 * 1000);
    expect(getEnvironmentVariables(r.env)).toMatchObject({ ARM_CLIENT_ID: { value: CLIENT }, ARM_TENANT_ID: { value: TENANT }, ARM_SUBSCRIPTION_ID: { value: SUBSCRIPTION } });
  });

  it.each([
    ["subject", { env: "payments/prod" }, /AADSTS700213: No matching federated identity record found for presented assertion subject 'ferry:environments:org:acme:env:payments\/prod'.*sub "ferry:environments:org:acme:env:payments\/prod".*Subject mismatch/],
    ["audience", { env: "default/dev" }, /AADSTS70021\d.*aud "acme"/],
    ["issuer", { tenantSwap: true }, /AADSTS700211.*issuer/],
  ])("maps a federated-credential %s mismatch", async (_, opt, expected) => {
    let saved;
    if ("tenantSwap" in opt) {
      saved = entra.apps[0].federatedCredentials;
      entra.apps[0].federatedCredentials = [{ issuer: "https://elsewhere.example.com/oidc", subject: SUB, audiences: ["azure:acme"] }];
    }
    try {
      const r = await run(azureDoc("oidc: true"), { env: "env" in opt ? opt.env : undefined });
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0].summary).toMatch(expected);
      expect(r.diagnostics[0].summary).toContain(`iss "${issuer}"`);
    } finally {
      if (saved) entra.apps[0].federatedCredentials = saved;
    }
  });

  it("passes a client secret through without calling Entra", async () => {
    const before = entra.issued.length;
    const r = await run(azureDoc("clientSecret: s3cret"));
    expect(r.diagnostics).toEqual([]);
    expect(entra.issued.length).toBe(before);
    expect(prop(r.env?.properties?.azure, "login", "clientSecret")).toMatchObject({ value: "s3cret", secret: true });
  });

  it("asks for oidc or a client secret", async () => {
    const r = await run(azureDoc("oidc: false"));
    expect(r.diagnostics[0].summary).toMatch(/set `oidc: true`.*or give a `clientSecret`/);
  });
});
