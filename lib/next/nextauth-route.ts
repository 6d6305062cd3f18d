// The sign-in protocol (next-auth v4) behind /api/auth/*, fenced: only the actions the console's
// pages use are passed on, POST bodies are read through the API's bounded, strict body reader,
// and everything else answers `{ code, message }` like the rest of /api. Unfenced, next-auth
// answers unknown actions with plain text, a GET of the credentials callback with a 500, and a
// malformed JSON body with an uncaught exception.
import "server-only";
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { AppError } from "../errors";
import { endpoint, json, readText } from "../api/http";
import { authOptions } from "../auth/options";
import { log, scrub } from "../ops/log";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** action → methods; `callback` only for the credentials provider, the only one configured. */
const ACTIONS: Record<string, readonly string[]> = {
  providers: ["GET"],
  csrf: ["GET"],
  session: ["GET", "POST"],
  signin: ["GET"],
  signout: ["GET", "POST"],
  error: ["GET"],
  callback: ["POST"],
  _log: ["POST"],
};
const PROVIDER_ACTIONS = new Set(["signin", "callback"]);

/** Credentials, a CSRF token and a callback URL: a few hundred bytes in practice. */
const BODY_LIMIT = 16 * 1024;
const BODY_TYPES = ["application/x-www-form-urlencoded", "application/json"];

async function handle(request: Request, ctx: Ctx): Promise<Response> {
  const [action = "", provider, ...rest] = (await ctx.params).nextauth ?? [];
  const methods = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  const knownProvider = provider === undefined || (PROVIDER_ACTIONS.has(action) && provider === "credentials");
  if (!methods || !knownProvider || rest.length > 0) throw new AppError("not_found", "There is no such sign-in endpoint.");
  if (!methods.includes(request.method)) throw new AppError("method_not_allowed", `${request.method.slice(0, 16)} is not supported at this address; it accepts ${methods.join(", ")}.`);
  let forwarded = request;
  if (request.method === "POST") {
    const body = await readText(request, BODY_LIMIT, BODY_TYPES);
    if (body && request.headers.get("content-type")?.includes("json")) {
      try {
        JSON.parse(body);
      } catch {
        throw new AppError("invalid_input", "The request body is not valid JSON.");
      }
    }
    if (action === "_log") return browserReport(body, request.headers.get("content-type") ?? "");
    forwarded = new NextRequest(request.url, { method: "POST", headers: request.headers, body });
  }
  return NextAuth(forwarded as never, ctx as never, await authOptions());
}

const REPORTED_LEVELS = new Set(["error", "warn", "debug"]);

/**
 * next-auth/react posts its browser-side failures (a sign-in request that did not reach the
 * server, say) to `_log`. Anyone can post there without signing in, and next-auth would log the
 * body at whatever level the body names, so a stranger could write error lines at will. Ferry
 * answers `_log` itself: a well-formed report becomes one debug line with its code and level,
 * nothing else of the body is kept; a malformed one is refused.
 */
function browserReport(body: string, contentType: string): Response {
  const fields = contentType.includes("json") ? (JSON.parse(body || "{}") as unknown) : Object.fromEntries(new URLSearchParams(body));
  const { code, level } = (fields && typeof fields === "object" && !Array.isArray(fields) ? fields : {}) as { code?: unknown; level?: unknown };
  if (typeof code !== "string" || code.length === 0 || code.length > 100 || typeof level !== "string" || !REPORTED_LEVELS.has(level)) {
    throw new AppError("invalid_input", "A sign-in log report needs a code (up to 100 characters) and a level (error, warn or debug).");
  }
  log().debug({ code: scrub(code), reportedLevel: level }, "sign-in: the browser reported a failure");
  return json({});
}

export const nextAuthEndpoint = () => endpoint<Ctx>({ GET: handle, POST: handle });
