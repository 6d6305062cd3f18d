// Plain HTTP from a chosen loopback source address (127.0.0.0/8 is all loopback on Linux), so a
// spec knows exactly which peer address the console sees, and can send headers a browser would
// never let a page set.
import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  url: string,
  opts: { method?: string; from?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "GET", localAddress: opts.from, headers: opts.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A next-auth credentials sign-in as the browser's form does it; returns next-auth's error code, or "ok". */
export async function signInAttempt(base: string, email: string, password: string, opts: { from?: string; headers?: http.OutgoingHttpHeaders } = {}): Promise<string> {
  const csrf = await rawRequest(`${base}/api/auth/csrf`, { from: opts.from });
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const body = new URLSearchParams({ csrfToken: JSON.parse(csrf.body).csrfToken, email, password, json: "true" }).toString();
  const res = await rawRequest(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    from: opts.from,
    headers: { ...opts.headers, cookie, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
    body,
  });
  const target = new URL(JSON.parse(res.body).url, base);
  return target.searchParams.get("error") ?? "ok";
}

/** Runs `fn` for 0..n-1, `width` at a time. */
export async function inParallel(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await fn(next++);
  }));
}
