// Plumbing shared by the REST route handlers: bearer authentication, bounded bodies, and one
// mapping from failures to `{ code, message }` responses. `code` is the HTTP status, as in the
// ESC API's error model, so ESC clients decode it; `error` names the Ferry error code.
import { randomBytes } from "node:crypto";
import { AppError, HTTP_STATUS, isAppError } from "../errors";
import type { Actor } from "../auth/actor";
import { clientAddress } from "../auth/client-address";
import { authenticateAccessToken } from "../tokens/access-tokens";

/** `Authorization: Bearer <t>` or `Authorization: token <t>` (what ESC clients send). */
export function bearerToken(request: Request): string | undefined {
  const h = request.headers.get("authorization");
  const m = h && /^(?:bearer|token)\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

export async function authenticate(request: Request): Promise<Actor> {
  const token = bearerToken(request);
  if (!token) throw new AppError("unauthenticated", "Send a personal access token as `Authorization: Bearer fry_pat_…`.");
  return authenticateAccessToken(token);
}

export interface RequestInfo {
  address?: string;
  userAgent?: string;
}

export function requestInfo(request: Request): RequestInfo {
  return { address: clientAddress(request.headers), userAgent: request.headers.get("user-agent")?.slice(0, 256) ?? undefined };
}

/** Reads a text body of at most `limit` bytes, refusing larger ones before buffering them all. */
export async function readText(request: Request, limit: number): Promise<string> {
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
  return Buffer.concat(chunks).toString("utf8");
}

const tooLarge = (limit: number) => new AppError("payload_too_large", `The request body is larger than ${Math.round(limit / 1024)} KiB.`);

export const JSON_LIMIT = 64 * 1024;

export async function readJson(request: Request, limit = JSON_LIMIT): Promise<unknown> {
  const text = await readText(request, limit);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { "cache-control": "no-store", ...(init.headers ?? {}) } });
}

export function errorResponse(e: unknown): Response {
  if (isAppError(e)) {
    const status = HTTP_STATUS[e.code];
    const extra = (e as { reason?: string }).reason ? { reason: (e as { reason?: string }).reason } : {};
    return json({ code: status, error: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}), ...extra }, { status });
  }
  const ref = randomBytes(4).toString("hex");
  console.error(`[ferry] unexpected API error ref=${ref}`, e);
  return json({ code: 500, error: "internal", message: `Something went wrong (ref ${ref}). Give the reference to your administrator.` }, { status: 500 });
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler so every failure becomes a `{ code, message }` response. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (e) {
      return errorResponse(e);
    }
  };
}
