// A raw HTTP client for hostile requests. fetch() and Playwright's request fixture normalize what
// an attacker would not: they resolve dot segments, re-encode paths, refuse odd methods and always
// send a Content-Length. node:http sends the path, method, headers and body bytes as given.
import http from "node:http";
import { E2E_PORT } from "../paths";

export interface RawRequest {
  method: string;
  /** path and query, sent exactly as written */
  path: string;
  /** header name → value; an array sends the header several times */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** send the body in chunks without a Content-Length (Transfer-Encoding: chunked) */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

/** The longest a refusal may take; anything slower counts as a hang. */
export const HANG_MS = 5_000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export function send(req: RawRequest, port = E2E_PORT): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    if (req.body !== undefined && !req.chunked) headers["content-length"] = String(Buffer.byteLength(req.body));
    const r = http.request({ host: "127.0.0.1", port, method: req.method, path: req.path, headers, agent, setHost: true }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: Date.now() - started }));
      res.on("error", reject);
    });
    r.setTimeout(HANG_MS, () => r.destroy(new Error(`no answer within ${HANG_MS} ms`)));
    r.on("error", reject);
    if (req.body !== undefined && req.chunked) {
      const body = Buffer.from(req.body);
      for (let i = 0; i < body.length; i += 64 * 1024) r.write(body.subarray(i, i + 64 * 1024));
    } else if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Runs `jobs` with at most `width` in flight (the server has two cores; more only queues). */
export async function inParallel<T, R>(items: T[], width: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}
