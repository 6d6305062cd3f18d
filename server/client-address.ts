// Which address a request comes from. The socket's peer is the only address nobody can forge;
// X-Forwarded-For is whatever the client and each proxy on the way appended. Behind N reverse
// proxies that the operator runs (FERRY_TRUSTED_PROXIES=N), the last N entries were written by
// those proxies, so the client is the entry N places from the right once the peer is appended:
//   client → proxy A → proxy B → Ferry, N=2: XFF "client, A", peer B → [client, A, B] → client.
// Entries further left came from the client itself and are never used.
import { isIP } from "node:net";

/** An IP as Ferry records it: IPv4-mapped IPv6 unmapped, ports and brackets removed. */
export function normalizeAddress(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  s = s.replace(/%.*$/, "").toLowerCase();
  if (s.startsWith("::ffff:") && isIP(s.slice(7)) === 4) s = s.slice(7);
  return isIP(s) ? s : undefined;
}

/**
 * The client's address from the socket peer and X-Forwarded-For. With fewer entries than
 * trusted proxies the leftmost is used (the request came through fewer hops than configured).
 * An entry a trusted proxy wrote that is not an IP address falls back to the peer.
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string | undefined {
  const socket = normalizeAddress(peer);
  if (trustedProxies === 0 || socket === undefined) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor ?? "";
  const hops = [...header.split(",").map((h) => h.trim()).filter(Boolean), socket];
  const picked = hops[Math.max(0, hops.length - 1 - trustedProxies)];
  return normalizeAddress(picked) ?? socket;
}
