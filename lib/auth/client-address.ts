// The client's address for throttling. `next start` records the socket's peer as the last
// entry of X-Forwarded-For; earlier entries come from the client or intermediate proxies and
// can be forged, so by default only the last is trusted. Behind N trusted proxies, set
// FERRY_TRUSTED_PROXIES=N to take the entry N places from the end.
type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

export function clientAddress(headers: HeaderBag): string | undefined {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  if (!value) return undefined;
  const hops = value.split(",").map((s) => s.trim()).filter(Boolean);
  const trusted = Math.max(0, Number(process.env.FERRY_TRUSTED_PROXIES ?? 0) || 0);
  const picked = hops[Math.max(0, hops.length - 1 - trusted)];
  return picked?.slice(0, 64);
}
