// A local Microsoft Entra token endpoint for the client-credentials grant with a federated
// client assertion or a client secret (CLOUD_PROTOCOLS.md §3): the tenant metadata MSAL fetches,
// the token endpoint with Entra's JSON errors and AADSTS codes, and signed access tokens whose
// audience is the API asked for (`<resource>/.default`), which the fake Graph and ARM verify
// (./entra-tokens.ts). HTTPS only, as @azure/identity requires; the certificate comes from a CA
// made at test time (./test-ca.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { peek, readBody, TokenRejected, verifyWebIdentityToken } from "./issuer-keys";
import { upsert } from "./fake-sts";
import { createEntraSigner, type EntraSigner } from "./entra-tokens";

export interface FederatedCredential {
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface EntraApp {
  tenantId: string;
  clientId: string;
  federatedCredentials: FederatedCredential[];
  /** client secrets the app accepts (ClientSecretCredential logins) */
  clientSecrets?: string[];
  /** object id of the app's service principal: the `oid` of its access tokens */
  objectId?: string;
}

export interface EntraDirectory {
  secretsFor(tenantId: string, appId: string): string[] | undefined;
}

export interface IssuedEntraToken {
  tenantId: string;
  clientId: string;
  /** the assertion's `sub`; empty for a client-secret login */
  subject: string;
  /** the API the token is for: the requested scope without `/.default` */
  resource: string;
  accessToken: string;
  expiresIn: number;
}

export interface FakeEntra {
  url: string;
  apps: EntraApp[];
  issued: IssuedEntraToken[];
  /** signs the access tokens; the fake Graph and ARM verify with it */
  signer: EntraSigner;
  /** directories (the fake Graph) whose applications can sign in with the passwords Graph gave them */
  directories: EntraDirectory[];
  close(): Promise<void>;
}

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

class EntraError extends Error {
  constructor(readonly status: number, readonly error: string, readonly code: number, description: string) {
    super(description);
  }
}

function errorBody(e: EntraError) {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.message} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
  };
}

function metadata(base: string, tenant: string) {
  return {
    issuer: `${base}/${tenant}/v2.0`,
    authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
    jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    response_types_supported: ["code", "id_token"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    tenant_region_scope: "EU",
  };
}

async function token(tenant: string, form: URLSearchParams, configured: EntraApp[], issued: IssuedEntraToken[], signer: EntraSigner, directories: EntraDirectory[]) {
  const clientId = form.get("client_id") ?? "";
  // Applications the fake Graph created sign in with the passwords Graph handed out.
  const created = directories.map((d) => d.secretsFor(tenant, clientId)).find((s) => s !== undefined);
  const apps = created ? [...configured, { tenantId: tenant, clientId, federatedCredentials: [], clientSecrets: created }] : configured;
  const tenantApps = apps.filter((a) => a.tenantId === tenant);
  if (tenantApps.length === 0) throw new EntraError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  if (form.get("grant_type") !== "client_credentials") throw new EntraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
  const scope = form.get("scope") ?? "";
  if (!/^\S+\/\.default$/.test(scope)) throw new EntraError(400, "invalid_scope", 70011, `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);
  const app = tenantApps.find((a) => a.clientId === clientId);
  if (!app) throw new EntraError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
  const resource = scope.slice(0, -"/.default".length);
  const secret = form.get("client_secret");
  if (secret !== null) {
    if (!(app.clientSecrets ?? []).includes(secret)) {
      throw new EntraError(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    return issue(app, "", resource, issued, signer);
  }
  if (form.get("client_assertion_type") !== ASSERTION_TYPE) throw new EntraError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  const assertion = form.get("client_assertion") ?? "";
  const { header, payload } = peek(assertion);
  if (header.typ !== "JWT") throw new EntraError(401, "invalid_client", 5002727, `Invalid JWT header type specified. Allowed types: 'JWT','http://openid.net/specs/jwt/1.0'.`);
  if (header.alg !== "RS256") throw new EntraError(401, "invalid_client", 5002738, `Invalid JWT token. '${header.alg}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, HS256'`);
  const iss = String(payload.iss ?? "");
  const sub = String(payload.sub ?? "");
  const auds = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
  const byIssuer = app.federatedCredentials.filter((c) => c.issuer === iss);
  if (byIssuer.length === 0) throw new EntraError(401, "invalid_client", 700211, `No matching federated identity record found for presented assertion issuer '${iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
  const bySubject = byIssuer.filter((c) => c.subject === sub);
  if (bySubject.length === 0) {
    const caseOnly = byIssuer.some((c) => c.subject.toLowerCase() === sub.toLowerCase());
    throw new EntraError(401, "invalid_client", caseOnly ? 7002138 : 700213, `No matching federated identity record found for presented assertion subject '${sub}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
  }
  if (!bySubject.some((c) => c.audiences.some((a) => auds.includes(a)))) {
    throw new EntraError(401, "invalid_client", 700212, `No matching federated identity record found for presented assertion audience '${auds.join(",")}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
  }
  try {
    await verifyWebIdentityToken(assertion, { clockToleranceSeconds: 0 });
  } catch (e) {
    if (!(e instanceof TokenRejected)) throw e;
    const f = e.failure;
    if (f.kind === "expired" || f.kind === "not-yet-valid") {
      const iso = (s: number) => new Date(s * 1000).toISOString();
      throw new EntraError(401, "invalid_client", 700024, `Client assertion is not within its valid time range. Current time: ${iso(f.now)}, assertion valid from ${iso(Number(payload.nbf ?? 0))}, expiry time of assertion ${iso(Number(payload.exp ?? 0))}.`);
    }
    if (f.kind === "no-key") throw new EntraError(401, "invalid_client", 7000272, `The certificate with identifier ${f.kid} used to sign the federated credential could not be found in the metadata of identity provider ${iss}.`);
    if (f.kind === "discovery") throw new EntraError(401, "invalid_client", 7000274, `Unable to fetch the signing keys of identity provider ${iss}: ${f.detail}`);
    throw new EntraError(401, "invalid_client", 7000215, "Invalid client secret provided. The assertion signature could not be verified.");
  }
  return issue(app, sub, resource, issued, signer);
}

async function issue(app: EntraApp, subject: string, resource: string, issued: IssuedEntraToken[], signer: EntraSigner) {
  const expiresIn = 3599;
  app.objectId ??= randomUUID();
  const accessToken = await signer.mint({ tenantId: app.tenantId, appId: app.clientId, objectId: app.objectId, resource, lifetimeSeconds: expiresIn });
  issued.push({ tenantId: app.tenantId, clientId: app.clientId, subject, resource, accessToken, expiresIn });
  return { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken };
}

export async function startFakeEntra(opts: { tls: { key: string; cert: string }; port?: number; host?: string; apps?: EntraApp[] }): Promise<FakeEntra> {
  const apps: EntraApp[] = [...(opts.apps ?? [])];
  const issued: IssuedEntraToken[] = [];
  const signer = await createEntraSigner();
  const directories: EntraDirectory[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, apps, issued, signer, directories).catch((e) => json(res, 500, { error: "server_error", error_description: String(e) }));
  };
  const server = createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, listener);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    apps,
    issued,
    signer,
    directories,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse, apps: EntraApp[], issued: IssuedEntraToken[], signer: EntraSigner, directories: EntraDirectory[]) {
  const url = new URL(req.url ?? "/", `https://${req.headers.host ?? "127.0.0.1"}`);
  const base = `https://${req.headers.host}`;
  if (url.pathname === "/_fake/trust" && req.method === "POST") {
    const body = JSON.parse(await readBody(req)) as { apps?: EntraApp[] };
    for (const a of body.apps ?? []) upsert(apps, a, (x) => x.tenantId === a.tenantId && x.clientId === a.clientId);
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === "/_fake/issued") return json(res, 200, issued);
  let m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
  if (m && req.method === "GET") return json(res, 200, metadata(base, m[1]));
  if (/^\/[^/]+\/discovery\/v2\.0\/keys$/.test(url.pathname) && req.method === "GET") return json(res, 200, signer.jwks);
  m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
  if (m && req.method === "POST") {
    try {
      return json(res, 200, await token(m[1], new URLSearchParams(await readBody(req)), apps, issued, signer, directories));
    } catch (e) {
      if (e instanceof EntraError) return json(res, e.status, errorBody(e));
      if (e instanceof TokenRejected) return json(res, 400, errorBody(new EntraError(400, "invalid_request", 50027, "JWT token is invalid or malformed.")));
      throw e;
    }
  }
  return json(res, 404, { error: "not_found", error_description: `no such endpoint ${url.pathname}` });
}

