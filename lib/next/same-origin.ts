// Route handlers that act on the session cookie must only answer Ferry's own pages: browsers
// attach cookies to cross-site requests too. Server actions get this check from Next; route
// handlers do not, so they call this. A JSON content type is required as well: a cross-site
// <form> can only send form encodings or text/plain, and a cross-site fetch with JSON needs a
// CORS preflight that Ferry never grants.
import "server-only";
import { AppError } from "../errors";

/** True when `origin` is the console's configured origin, or the origin of the Host it was sent to. */
export function isOwnOrigin(origin: string | null, configuredUrl: string, host: string | null): boolean {
  if (!origin || origin === "null") return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === new URL(configuredUrl).origin) return true;
  // reached by another name than FERRY_URL (an IP address, a second hostname); a cross-site
  // page has its own host in Origin, which never equals the Host it sends to
  return host !== null && parsed.host === host.toLowerCase();
}

export function assertSameOriginJson(request: Request, configuredUrl: string): void {
  if (!isOwnOrigin(request.headers.get("origin"), configuredUrl, request.headers.get("host"))) {
    throw new AppError("forbidden", "This request did not come from Ferry's own pages, so it was refused.");
  }
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError("invalid_input", "Send the request body as JSON (Content-Type: application/json).");
  }
}
