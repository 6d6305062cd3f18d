// The organization whose navigation account pages (tokens, settings) keep: the one the user last
// visited, remembered in a cookie by Ferry's server (server/last-org.ts) when a console page
// under /<org> is requested. A navigation hint only: the account layout uses it if, and only if,
// the user belongs to it.
// Pure: no Next imports, so it is unit-tested directly.
import { RESERVED_ORG_NAMES, isWellFormedName } from "../validation/names";

export const LAST_ORG_COOKIE = "ferry-last-org";

/**
 * The organization to remember for a request, or undefined when there is nothing (new) to remember.
 * A prefetch is not a visit: the organization switcher's links prefetch every organization's page.
 */
export function orgToRemember(method: string, rawPath: string, remembered: string | undefined, prefetch = false): string | undefined {
  if (method !== "GET" || prefetch) return undefined;
  const first = rawPath.split("/")[1];
  if (!isWellFormedName("organization", first) || RESERVED_ORG_NAMES.has(first.toLowerCase())) return undefined;
  return first === remembered ? undefined : first;
}

/** Whether a request is Next's router (or the browser) prefetching a page rather than showing it. */
export function isPrefetch(header: (name: string) => string | null): boolean {
  return header("next-router-prefetch") !== null || /prefetch/i.test(header("sec-purpose") ?? header("purpose") ?? "");
}
