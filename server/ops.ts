// Operations endpoints and per-request instrumentation, in Ferry's own server (before Next and
// the API router, so they answer even when those are busy or broken):
//   /healthz   200 while the process serves (liveness)
//   /readyz    200 when the database answers and the master key is readable, else 503; 503
//              too once shutdown has begun, so a load balancer stops sending new requests
//   /metrics   Prometheus text; off (404) unless FERRY_METRICS_TOKEN is set, then only with
//              `Authorization: Bearer <that token>`
// Every request gets one JSON log line (method, route template, status, duration; never the URL,
// its query or headers: tokens travel in them) and a latency observation per route template.
import type http from "node:http";
import { randomBytes, timingSafeEqual, createHash } from "node:crypto";
import { checkReadiness } from "../lib/ops/health";
import { countEvent, observeSeconds, renderMetrics } from "../lib/ops/metrics";
import { requestLog } from "../lib/ops/log";

export interface OpsState {
  stopping: boolean;
}

const sha = (s: string) => createHash("sha256").update(s).digest();

function send(res: http.ServerResponse, status: number, body: string, type = "application/json"): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "content-length": Buffer.byteLength(body) }).end(body);
}

/** Answers /healthz, /readyz and /metrics; false for any other path. */
export function handleOps(req: http.IncomingMessage, res: http.ServerResponse, state: OpsState, metricsToken = process.env.FERRY_METRICS_TOKEN): Promise<void> | false {
  const url = req.url ?? "";
  const pathname = url.split("?", 1)[0];
  if (pathname === "/healthz") return Promise.resolve(send(res, 200, JSON.stringify({ status: "ok" })));
  if (pathname === "/readyz") {
    if (state.stopping) return Promise.resolve(send(res, 503, JSON.stringify({ status: "stopping" })));
    return checkReadiness().then((r) => send(res, r.ready ? 200 : 503, JSON.stringify({ status: r.ready ? "ready" : "not_ready", checks: r.checks })));
  }
  if (pathname === "/metrics") {
    if (!metricsToken) return Promise.resolve(send(res, 404, JSON.stringify({ code: 404, error: "not_found", message: "Metrics are off; set FERRY_METRICS_TOKEN to serve them." })));
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    // compare digests: equal length, so timingSafeEqual never throws and leaks no length
    if (!m || !timingSafeEqual(sha(m[1]), sha(metricsToken))) {
      res.setHeader("www-authenticate", 'Bearer realm="ferry-metrics"');
      return Promise.resolve(send(res, 401, JSON.stringify({ code: 401, error: "unauthenticated", message: "Send FERRY_METRICS_TOKEN as Authorization: Bearer <token>." })));
    }
    return Promise.resolve(send(res, 200, renderMetrics(), "text/plain; version=0.0.4; charset=utf-8"));
  }
  return false;
}

const statusClass = (s: number) => `${Math.floor(s / 100)}xx`;

// Request ids for log lines: a random prefix per process and a counter, unique across instances
// and restarts without asking the system for random bytes on every request (5% of a GET's CPU).
const ID_PREFIX = randomBytes(4).toString("hex");
let requestCount = 0;

/** Times the request and logs one line when the response is finished (or the client left). */
export function instrument(req: http.IncomingMessage, res: http.ServerResponse): { setRoute(template: string): void } {
  const started = performance.now();
  const id = `${ID_PREFIX}-${(++requestCount).toString(36)}`;
  let route = "next";
  const done = () => {
    const seconds = (performance.now() - started) / 1000;
    const status = res.writableFinished ? res.statusCode : 499;
    const labels = { route, method: req.method ?? "", status: statusClass(status) };
    observeSeconds("ferry_http_request_duration_seconds", "HTTP request latency by route template.", labels, seconds);
    if (status >= 500) countEvent("ferry_http_errors_total", "Responses with a 5xx status, by route template.", { route, status: String(status) });
    const line = { req: id, method: req.method, route, status, ms: Math.round(seconds * 10000) / 10, address: req.headers["x-ferry-client-address"] };
    if (status >= 500) requestLog().error(line, "request");
    else requestLog().info(line, "request");
  };
  res.once("close", done);
  return { setRoute: (template) => void (route = template) };
}
