// The client's address for throttling and audit records. Ferry's HTTP server (server/) works
// it out from the socket and FERRY_TRUSTED_PROXIES and passes it in this header, replacing any
// copy a client sent; route handlers cannot see the socket, so this is the only source.
import "server-only";
type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

export const CLIENT_ADDRESS_HEADER = "x-ferry-client-address";

export function clientAddress(headers: HeaderBag): string | undefined {
  const raw = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers?.[CLIENT_ADDRESS_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value ? value.slice(0, 64) : undefined;
}
