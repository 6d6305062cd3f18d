// A local AWS STS that answers AssumeRoleWithWebIdentity as AWS does (CLOUD_PROTOCOLS.md §2):
// same form parameters, checks in the same order, the same XML bodies and error codes. Its IAM
// configuration (OIDC identity providers and role trust policies) is given at start or posted
// to /_fake/trust; /_fake/issued lists the credentials it handed out.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { peek, readBody, stringLike, TokenRejected, verifyWebIdentityToken } from "./issuer-keys";

export interface IamOidcProvider {
  /** the issuer URL without its scheme, as IAM names providers: "ferry.example.com/oidc" */
  url: string;
  /** ClientIDList */
  audiences: string[];
}

export interface IamRole {
  arn: string;
  /** seconds; AWS's default is 3600 */
  maxSessionDuration?: number;
  /** the trust policy's federated principal (an IamOidcProvider url) and its conditions */
  trust: { provider: string; aud?: string | string[]; sub?: string | string[]; match?: "StringEquals" | "StringLike" };
}

export interface StsTrust {
  providers: IamOidcProvider[];
  roles: IamRole[];
}

export interface IssuedAwsCredentials {
  roleArn: string;
  sessionName: string;
  subject: string;
  audience: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
}

export interface FakeSts {
  url: string;
  trust: StsTrust;
  issued: IssuedAwsCredentials[];
  close(): Promise<void>;
}

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const ACCOUNT = "123456789012";

class StsError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly type: "Sender" | "Receiver" = "Sender") {
    super(message);
  }
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function errorXml(e: StsError): string {
  return `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${e.type}</Type>\n    <Code>${e.code}</Code>\n    <Message>${xmlEscape(e.message)}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`;
}

function successXml(c: IssuedAwsCredentials, provider: string): string {
  const roleName = c.roleArn.split("/").pop();
  return `<AssumeRoleWithWebIdentityResponse xmlns="${NS}">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <AccessKeyId>${c.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${c.secretAccessKey}</SecretAccessKey>
      <SessionToken>${c.sessionToken}</SessionToken>
      <Expiration>${c.expiration}</Expiration>
    </Credentials>
    <SubjectFromWebIdentityToken>${xmlEscape(c.subject)}</SubjectFromWebIdentityToken>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${xmlEscape(c.sessionName)}</Arn>
      <AssumedRoleId>AROA${randomBytes(8).toString("hex").toUpperCase()}:${xmlEscape(c.sessionName)}</AssumedRoleId>
    </AssumedRoleUser>
    <Provider>arn:aws:iam::${ACCOUNT}:oidc-provider/${xmlEscape(provider)}</Provider>
    <Audience>${xmlEscape(c.audience)}</Audience>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`;
}

const list = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const keyId = () => "ASIA" + randomBytes(8).toString("hex").toUpperCase();

async function assumeRole(form: URLSearchParams, trust: StsTrust, issued: IssuedAwsCredentials[]): Promise<string> {
  // 1. parameters
  if (form.get("Action") !== "AssumeRoleWithWebIdentity") throw new StsError(400, "InvalidAction", `Could not find operation ${form.get("Action")} for version ${form.get("Version")}`);
  if (form.get("Version") !== "2011-06-15") throw new StsError(400, "InvalidAction", `Could not find operation for version ${form.get("Version")}`);
  const roleArn = form.get("RoleArn") ?? "";
  const sessionName = form.get("RoleSessionName") ?? "";
  const token = form.get("WebIdentityToken") ?? "";
  const durationText = form.get("DurationSeconds");
  const duration = durationText ? Number(durationText) : 3600;
  if (roleArn.length < 20) throw new StsError(400, "ValidationError", "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw new StsError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  if (token.length < 4 || token.length > 20000) throw new StsError(400, "ValidationError", "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000");
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) throw new StsError(400, "ValidationError", "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
  const policyArns = [...form.keys()].filter((k) => /^PolicyArns\.member\.\d+\.arn$/.test(k));
  if (policyArns.length > 10) throw new StsError(400, "ValidationError", "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");

  // 2. the identity provider named by iss
  const { payload: unverified } = peek(token);
  const iss = String(unverified.iss ?? "");
  const providerUrl = iss.replace(/^https?:\/\//, "");
  const provider = trust.providers.find((p) => p.url === providerUrl);
  if (!provider) throw new StsError(400, "InvalidIdentityToken", `No OpenIDConnect provider found in your account for ${iss}`);

  // 3–4. keys over HTTP, signature, exp (IAM allows 5 minutes of skew)
  let payload;
  try {
    payload = await verifyWebIdentityToken(token, { clockToleranceSeconds: 300 });
  } catch (e) {
    if (!(e instanceof TokenRejected)) throw e;
    const f = e.failure;
    if (f.kind === "expired") throw new StsError(400, "ExpiredTokenException", `Token expired: current date/time ${f.now} must be before the expiration date/time ${f.exp}`);
    if (f.kind === "discovery" || f.kind === "no-key") throw new StsError(400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements");
    throw new StsError(400, "InvalidIdentityToken", "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.");
  }

  // 5. audience
  const aud = typeof payload.aud === "string" ? payload.aud : Array.isArray(payload.aud) ? payload.aud[0] : undefined;
  if (!aud) throw new StsError(400, "InvalidIdentityToken", "Missing a required claim: aud");
  if (!provider.audiences.includes(aud)) throw new StsError(400, "InvalidIdentityToken", "Incorrect token audience");

  // 6. the role's trust policy
  const role = trust.roles.find((r) => r.arn === roleArn);
  const sub = String(payload.sub ?? "");
  const match = (patterns: string[], value: string) => patterns.length === 0 || patterns.some((p) => (role?.trust.match === "StringLike" ? stringLike(p, value) : p === value));
  if (!role || role.trust.provider !== provider.url || !match(list(role.trust.aud), aud) || !match(list(role.trust.sub), sub)) {
    throw new StsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
  }

  // 7. session length
  if (duration > (role.maxSessionDuration ?? 3600)) throw new StsError(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

  // 8. credentials
  const creds: IssuedAwsCredentials = {
    roleArn,
    sessionName,
    subject: sub,
    audience: aud,
    accessKeyId: keyId(),
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: "FwoGZXIvYXdzE" + randomBytes(48).toString("base64"),
    expiration: new Date(Date.now() + duration * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  issued.push(creds);
  return successXml(creds, provider.url);
}

export async function startFakeSts(opts: { port?: number; host?: string; trust?: Partial<StsTrust> } = {}): Promise<FakeSts> {
  const trust: StsTrust = { providers: [...(opts.trust?.providers ?? [])], roles: [...(opts.trust?.roles ?? [])] };
  const issued: IssuedAwsCredentials[] = [];
  const server = createServer((req, res) => {
    handle(req, res, trust, issued).catch((e) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    trust,
    issued,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, trust: StsTrust, issued: IssuedAwsCredentials[]) {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/_fake/trust" && req.method === "POST") {
    const body = JSON.parse(await readBody(req)) as Partial<StsTrust>;
    for (const p of body.providers ?? []) upsert(trust.providers, p, (x) => x.url === p.url);
    for (const r of body.roles ?? []) upsert(trust.roles, r, (x) => x.arn === r.arn);
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === "/_fake/issued") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(issued));
    return;
  }
  if (req.method !== "POST" || url.pathname !== "/") {
    const e = new StsError(400, "InvalidAction", "Only POST / is served by this fake");
    res.writeHead(e.status, { "content-type": "text/xml" }).end(errorXml(e));
    return;
  }
  try {
    const xml = await assumeRole(new URLSearchParams(await readBody(req)), trust, issued);
    res.writeHead(200, { "content-type": "text/xml" }).end(xml);
  } catch (e) {
    const err = e instanceof StsError ? e : e instanceof TokenRejected ? new StsError(400, "InvalidIdentityToken", "The web identity token that was passed could not be validated by AWS.") : new StsError(500, "InternalFailure", String(e), "Receiver");
    res.writeHead(err.status, { "content-type": "text/xml" }).end(errorXml(err));
  }
}

export function upsert<T>(items: T[], item: T, same: (x: T) => boolean): void {
  const i = items.findIndex(same);
  if (i >= 0) items[i] = item;
  else items.push(item);
}
