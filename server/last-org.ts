// Remembers the organization last visited (lib/next/last-org.ts) on the way into Next. Here and
// not in proxy.ts: Next strips its router headers before the proxy runs, so there a prefetch
// (the organization switcher prefetches every organization's page) looked like a visit.
import type { IncomingMessage, ServerResponse } from "node:http";
import { LAST_ORG_COOKIE, isPrefetch, orgToRemember } from "../lib/next/last-org";

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function rememberOrg(req: IncomingMessage, res: ServerResponse): void {
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  const header = (name: string) => {
    const v = req.headers[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(",") : v;
  };
  const org = orgToRemember(req.method ?? "", q === -1 ? raw : raw.slice(0, q), cookieValue(req.headers.cookie, LAST_ORG_COOKIE), isPrefetch(header));
  if (org) res.setHeader("set-cookie", `${LAST_ORG_COOKIE}=${org}; Path=/; Max-Age=${60 * 60 * 24 * 365}; HttpOnly; SameSite=Lax`);
}
