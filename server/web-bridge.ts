// Between Node's HTTP objects and the Web Request/Response the route handlers take and give (the
// lean router, server/api-router.ts): request bodies streamed only as fast as handlers read them
// and let go of when they stop, responses written with Next's configured headers.
import type http from "node:http";
import { preparedBody } from "../lib/api/prepared-response";
import { BodylessRequest } from "./bodyless-request";

// next.config.ts's headers(), which Next adds to every response it serves.
export const CONFIG_HEADERS: [string, string][] = [
  ["x-frame-options", "DENY"],
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "same-origin"],
];

interface WebRequest {
  request: Request;
  /** Lets go of a body the handler did not read to its end (see bodyOf). */
  releaseBody(): void;
  /** The body will not be read to its end: the answer must close the connection. */
  mustClose(): boolean;
}

export function toWebRequest(req: http.IncomingMessage, url: string, signal: AbortSignal | undefined): WebRequest {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    // HTTP/2 pseudo-headers and hop-by-hop headers are not the handler's business
    if (name.startsWith(":")) continue;
    headers.append(name, req.rawHeaders[i + 1]);
  }
  if (!hasBody(req)) {
    return { request: new BodylessRequest(url, req.method ?? "GET", headers, signal) as unknown as Request, releaseBody: () => {}, mustClose: () => false };
  }
  const body = bodyOf(req);
  const request = new Request(url, {
    method: req.method,
    headers,
    signal,
    body: body.stream,
    duplex: "half",
  } as RequestInit);
  return { request, releaseBody: body.release, mustClose: body.mustClose };
}

/**
 * Whether the request carries a body. A GET or HEAD's is never read; any other request has one
 * only when it declares one (HTTP/1.1: Transfer-Encoding, or a Content-Length above 0), so an
 * empty POST (an open, a delete) reaches its handler without a stream (`body` null, as undici
 * gives for a request made without a body; readText reads it as "").
 */
function hasBody(req: http.IncomingMessage): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * After a handler stops reading a body (a refusal), at most this much more is read and dropped
 * (8× the largest body any endpoint reads). Reading costs only bandwidth, and keeps the
 * connection usable for the client's next request.
 */
const DRAIN_LIMIT = 8 * 1024 * 1024;

/**
 * The request body as a web stream, read only as fast as the handler reads it, and `release`,
 * which reads and drops the rest, up to DRAIN_LIMIT, then closes the connection.
 *
 * Release runs when a handler cancels the stream (a body too large or of the wrong type) and
 * after every answer. Without the second, a body the handler never read (a 401 before the
 * body, say) stayed paused in the socket: the next request on that keep-alive connection was
 * never parsed and waited forever, which behind a reverse proxy that pools its connections is
 * some other user's request. Unlike Readable.toWeb, releasing does not destroy the socket at
 * once, which reset the connection under the client before it could read the refusal.
 */
function bodyOf(req: http.IncomingMessage): { stream: ReadableStream<Uint8Array>; release(): void; mustClose(): boolean } {
  let released = false;
  let received = 0;
  const declared = Number(req.headers["content-length"] ?? NaN);
  // a declared body longer than the drain is cut off: clients must not send their next request
  // on this connection (an undeclared one is cut off as it goes, while the client still writes it)
  const mustClose = () => !req.complete && Number.isFinite(declared) && declared - received > DRAIN_LIMIT;
  const release = () => {
    if (released || req.complete) return;
    released = true;
    req.removeAllListeners("data");
    let dropped = 0;
    req.on("data", (chunk: Buffer) => {
      dropped += chunk.byteLength;
      if (dropped > DRAIN_LIMIT) req.destroy();
    });
    req.resume();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        received += chunk.byteLength;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        try {
          controller.close();
        } catch {
          // cancelled already
        }
      });
      req.once("error", (e) => {
        try {
          controller.error(e);
        } catch {
          // cancelled already
        }
      });
    },
    pull() {
      req.resume();
    },
    cancel: release,
  });
  return { stream, release, mustClose };
}

export async function writeWebResponse(res: http.ServerResponse, response: Response, head: boolean, close: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = close ? { connection: "close" } : {};
  for (const [k, v] of CONFIG_HEADERS) headers[k] = v;
  response.headers.forEach((v, k) => {
    if (k !== "set-cookie") headers[k] = v;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  // Ferry's JSON and definitions (lib/api/prepared-response.ts): the bytes, with no stream between
  const prepared = preparedBody(response);
  if (prepared && !head) {
    headers["content-length"] = String(prepared.byteLength);
    res.writeHead(response.status, headers).end(prepared);
    return;
  }
  if (prepared || !response.body || head) {
    res.writeHead(response.status, headers).end();
    if (!prepared) await response.body?.cancel().catch(() => {});
    return;
  }
  // Most answers are small and complete: send them with a Content-Length in one write.
  if (!headers["content-type"]?.toString().startsWith("text/event-stream")) {
    const body = Buffer.from(await response.arrayBuffer());
    headers["content-length"] = String(body.length);
    res.writeHead(response.status, headers).end(body);
    return;
  }
  res.writeHead(response.status, headers);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((r) => res.once("drain", r));
  }
  res.end();
}
