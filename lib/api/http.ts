// Plumbing shared by the REST route handlers: bearer authentication, bounded bodies, and one
// mapping from failures to `{ code, message }` responses. `code` is the HTTP status, as in the
// ESC API's error model, so ESC clients decode it; `error` names the Ferry error code.
import "server-only";
import { AppError, HTTP_STATUS, isAppError } from "../errors";
import type { Actor, PresentedToken } from "../auth/actor";
import { clientAddress } from "../auth/client-address";
import { actorOf, presentToken } from "../tokens/access-tokens";
import { logUnexpected } from "../ops/log";
import { PreparedResponse } from "./prepared-response";
import type { RequestInfo } from "../audit/record";

/** `Authorization: Bearer <t>` or `Authorization: token <t>` (what ESC clients send). */
export function bearerToken(request: Request): string | undefined {
  const h = request.headers.get("authorization");
  const m = h && /^(?:bearer|token)\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

export async function authenticate(request: Request): Promise<Actor> {
  return actorOf(presentedToken(request));
}

/**
 * The request's access token, not yet checked (no database read): for the routes whose domain
 * call checks it in the same query as the environment it reads (lib/auth/actor.ts).
 */
export function presentedToken(request: Request): PresentedToken {
  const token = bearerToken(request);
  if (!token) throw new AppError("unauthenticated", "Send a personal access token as `Authorization: Bearer fry_pat_…`.");
  return presentToken(token);
}

export type { RequestInfo };

export function requestInfo(request: Request): RequestInfo {
  return { address: clientAddress(request.headers), userAgent: request.headers.get("user-agent")?.slice(0, 256) ?? undefined };
}

/** Media types a body may be declared as; the first one is named in the refusal. */
export const JSON_TYPES = ["application/json"];
// JSON is YAML, so a definition may also arrive as JSON; text/plain is what fetch() and most
// HTTP tools send for a string body.
export const YAML_TYPES = ["application/x-yaml", "application/yaml", "text/yaml", "text/x-yaml", "text/plain", "application/json", "application/octet-stream"];

const mediaType = (request: Request) => request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";

function acceptsMediaType(type: string, accepted: readonly string[]): boolean {
  if (accepted.includes(type)) return true;
  // application/merge-patch+json, application/vnd.foo+json … are JSON too (RFC 6839).
  return accepted.includes("application/json") && /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * Reads a text body of at most `limit` bytes, refusing larger ones before buffering them all, a
 * non-empty body of another media type than `accepted`, and bytes that are not UTF-8 (decoding
 * them leniently would silently store U+FFFD in their place).
 */
export async function readText(request: Request, limit: number, accepted: readonly string[] = YAML_TYPES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (size === 0) return "";
  const type = mediaType(request);
  if (!acceptsMediaType(type, accepted)) {
    throw new AppError("unsupported_media_type", `Send the body as Content-Type: ${accepted[0]}${type ? `, not ${type.slice(0, 60)}` : ""}.`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid_input", "The request body is not valid UTF-8 text.");
  }
}

const tooLarge = (limit: number) => new AppError("payload_too_large", `The request body is larger than ${Math.round(limit / 1024)} KiB.`);

export const JSON_LIMIT = 64 * 1024;

/** A JSON body (Content-Type: application/json); an empty body reads as `{}`. */
export async function readJson(request: Request, limit = JSON_LIMIT): Promise<unknown> {
  const text = await readText(request, limit, JSON_TYPES);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  if (text === undefined) throw new TypeError("json(): the body is not JSON-serialisable");
  return new PreparedResponse(text, { ...init, headers: { "content-type": "application/json", "cache-control": "no-store", ...(init.headers ?? {}) } });
}

/** The one mapping from a failure to a response: AppErrors say what happened, anything else is logged. */
export function errorResponse(e: unknown, headers: Record<string, string> = {}): Response {
  if (isAppError(e)) {
    const status = HTTP_STATUS[e.code];
    const extra = (e as { reason?: string }).reason ? { reason: (e as { reason?: string }).reason } : {};
    return json({ code: status, error: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}), ...extra }, { status, headers });
  }
  const ref = logUnexpected(e, "API");
  return json({ code: 500, error: "internal", message: `Something went wrong (ref ${ref}). Give the reference to your administrator.` }, { status: 500, headers });
}

type Handler<C> = (request: Request, context: C) => Promise<Response> | Response;

/** Wraps a route handler so every failure becomes a `{ code, message }` response. */
export function route<C>(handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * A route handler module's exports for every method: the given handlers (wrapped by `route`),
 * and for the rest a `405 { code, message }` with an `Allow` header. Next's own answer to an
 * unexported method is an empty 405, which API clients cannot explain to their users. Use as
 * `export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({ GET: … })`.
 */
export function endpoint<C>(handlers: Partial<Record<HttpMethod, Handler<C>>>) {
  // HEAD is GET without the body (Node drops the body of a HEAD response).
  const served = { ...handlers, ...(handlers.GET && !handlers.HEAD ? { HEAD: handlers.GET } : {}) };
  const allow = [...Object.keys(served), "OPTIONS"].sort().join(", ");
  const refuse = async (request: Request) =>
    errorResponse(new AppError("method_not_allowed", `${request.method.slice(0, 16)} is not supported at this address; it accepts ${allow}.`), { allow });
  const out = Object.fromEntries(HTTP_METHODS.map((m) => [m, served[m] ? route(served[m]) : refuse])) as Record<HttpMethod, (request: Request, context: C) => Promise<Response>>;
  return { ...out, OPTIONS: async () => new Response(null, { status: 204, headers: { allow } }) };
}

/**
 * Exports for a catch-all route under a machine-facing prefix (/api, /oidc, /cli): an address
 * nothing serves is a JSON 404, never the console's HTML page or a redirect to sign-in (which
 * is what `/api/x` would otherwise get, read as an organization named "api").
 */
export function unknownAddress() {
  const answer = async (request: Request) =>
    errorResponse(new AppError("not_found", `There is no endpoint at ${new URL(request.url).pathname.slice(0, 200)}.`));
  return { GET: answer, HEAD: answer, POST: answer, PUT: answer, PATCH: answer, DELETE: answer, OPTIONS: answer };
}
