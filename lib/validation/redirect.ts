// Where the browser may be sent after sign-in. Only paths on the console's own origin: an
// open redirect from a trusted sign-in page is a phishing tool. Browsers read `/\evil.com` as
// `//evil.com` and drop tabs and newlines, so strings are not compared: the target is resolved
// as a browser would resolve it, and kept only if it stays on our origin.

const MAX_LENGTH = 2048;

/** `target` as a path (with query and fragment) on `origin`, or `fallback` if it leaves it. */
export function sameOriginPath(target: string | undefined, origin: string, fallback = "/"): string {
  if (!target || target.length > MAX_LENGTH) return fallback;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(target, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin) return fallback;
  // a relative target must start at the root; "evil" or "?x" would depend on the current page
  if (!/^https?:\/\//i.test(target) && !target.startsWith("/")) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
