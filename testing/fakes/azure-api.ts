// What the fake Microsoft Graph and Azure Resource Manager share: an HTTPS server with the
// per-run CA, the error envelopes both APIs answer (`{"error":{"code","message",…}}`; Graph adds
// `innerError` with the request id and date), bearer-token checks against the fake Entra's
// signer, a log of the calls made so tests can assert exactly what the SDKs sent, and injected
// faults (the next matching call fails with a given status and code) for outages and refusals
// the model does not produce on its own.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { readBody } from "./issuer-keys";
import { AccessTokenRejected, bearerToken, type AccessTokenClaims, type EntraSigner } from "./entra-tokens";

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface ApiCall {
  method: string;
  /** the path as sent (ARM's SDK sends `//subscriptions/…`) */
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface ApiRequest {
  method: string;
  /** leading slashes collapsed */
  path: string;
  query: URLSearchParams;
  body: unknown;
  caller: AccessTokenClaims;
}

/** The next `times` (default 1) calls matching `method` and `path` (a regex on the path) fail so. */
export interface ApiFault {
  method?: string;
  path: string;
  status: number;
  code: string;
  message: string;
  times?: number;
}

export interface ApiServer {
  url: string;
  calls: ApiCall[];
  faults: ApiFault[];
  close(): Promise<void>;
}

export interface ApiServerOptions {
  tls: { key: string; cert: string };
  port?: number;
  signer: EntraSigner;
  knowsTenant(tid: string): boolean;
  /** the `aud` values this API accepts */
  audiences: string[];
  /** Graph wraps errors with `innerError`; ARM does not */
  innerError: boolean;
  /** maps a rejected token to the API's own 401 answer */
  unauthorized(failure: AccessTokenRejected["failure"]): ApiError;
  /** `/_fake/…` requests: tests and specs read state and change behaviour through them */
  control(method: string, path: string, body: unknown): unknown;
  route(req: ApiRequest): Promise<{ status: number; body?: unknown }>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const calls: ApiCall[] = [];
  const faults: ApiFault[] = [];
  const injected = (method: string, path: string): ApiError | undefined => {
    const i = faults.findIndex((f) => (!f.method || f.method === method) && new RegExp(f.path, "i").test(path));
    if (i < 0) return undefined;
    const f = faults[i];
    if ((f.times ?? 1) <= 1) faults.splice(i, 1);
    else f.times = (f.times ?? 1) - 1;
    return new ApiError(f.status, f.code, f.message);
  };
  const send = (res: ServerResponse, status: number, body?: unknown) => {
    const headers: Record<string, string> = { "cache-control": "no-cache", "x-ms-request-id": randomUUID() };
    if (body === undefined) return void res.writeHead(status, headers).end();
    res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
  };
  const errorBody = (e: ApiError) => ({
    error: {
      code: e.code,
      message: e.message,
      ...(opts.innerError ? { innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ""), "request-id": randomUUID(), "client-request-id": randomUUID() } } : {}),
    },
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Not `new URL(req.url, base)`: ARM's SDK sends `//subscriptions/…`, which URL reads as a host.
    const raw0 = req.url ?? "/";
    const q = raw0.indexOf("?");
    const url = { pathname: decodeURIComponent(q < 0 ? raw0 : raw0.slice(0, q)), searchParams: new URLSearchParams(q < 0 ? "" : raw0.slice(q + 1)) };
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = Symbol.for("invalid-json");
    }
    if (url.pathname === "/_fake/faults" && req.method === "POST") {
      faults.push(...((body as { faults?: ApiFault[] })?.faults ?? []));
      return send(res, 200, faults);
    }
    if (url.pathname === "/_fake/calls") return send(res, 200, calls);
    if (url.pathname.startsWith("/_fake/")) return send(res, 200, opts.control(req.method ?? "GET", url.pathname, body) ?? {});
    const call: ApiCall = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0 };
    calls.push(call);
    try {
      if (body === Symbol.for("invalid-json")) throw new ApiError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
      let caller: AccessTokenClaims;
      try {
        caller = await opts.signer.verify(bearerToken(req.headers.authorization), opts.audiences, opts.knowsTenant);
      } catch (e) {
        if (e instanceof AccessTokenRejected) throw opts.unauthorized(e.failure);
        throw e;
      }
      const path = url.pathname.replace(/^\/+/, "/");
      const fault = injected(call.method, path);
      if (fault) throw fault;
      const out = await opts.route({ method: call.method, path, query: url.searchParams, body, caller });
      call.status = out.status;
      send(res, out.status, out.body);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, "InternalServerError", "The fake failed: " + String(e));
      call.status = err.status;
      send(res, err.status, errorBody(err));
    }
  };
  const server = createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, (req, res) => {
    handle(req, res).catch((e) => send(res, 500, { error: { code: "InternalServerError", message: String(e) } }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}`, calls, faults, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const isoNow = () => new Date().toISOString();

/** Azure's object ids, subscription ids and role definition names are GUIDs. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
