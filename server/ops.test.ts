import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { handleOps, type OpsState } from "./ops";
import { countEvent, resetMetrics } from "../lib/ops/metrics";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(state: OpsState, token: string | undefined) {
  server = http.createServer((req, res) => handleOps(req, res, state, token) || res.writeHead(418).end());
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("ops endpoints", () => {
  it("/healthz answers while up; /readyz says stopping once shutdown began", async () => {
    const base = await serve({ stopping: true }, undefined);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "stopping" });
    expect((await fetch(`${base}/other`)).status).toBe(418);
  });

  it("/metrics is off without FERRY_METRICS_TOKEN and needs exactly that token with it", async () => {
    expect((await fetch(`${await serve({ stopping: false }, undefined)}/metrics`)).status).toBe(404);
    await new Promise<void>((r) => server!.close(() => r()));
    resetMetrics();
    countEvent("ferry_test_total", "A test counter.", { outcome: "ok" }, 2);
    const base = await serve({ stopping: false }, "s3cret-metrics");
    for (const auth of [undefined, "Bearer wrong", "Bearer s3cret-metric", "s3cret-metrics"]) {
      const r = await fetch(`${base}/metrics`, { headers: auth ? { authorization: auth } : {} });
      expect(r.status).toBe(401);
    }
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer s3cret-metrics" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
    const text = await ok.text();
    expect(text).toContain("# TYPE ferry_test_total counter");
    expect(text).toContain('ferry_test_total{outcome="ok"} 2');
  });

  it("/metrics reports how late the event loop ran since the previous scrape", async () => {
    const base = await serve({ stopping: false }, "s3cret-metrics");
    const scrape = async () => {
      const text = await (await fetch(`${base}/metrics`, { headers: { authorization: "Bearer s3cret-metrics" } })).text();
      const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
      return { p99: gauge("nodejs_eventloop_lag_p99_seconds"), max: gauge("nodejs_eventloop_lag_max_seconds") };
    };
    await scrape();
    // a 400 ms stall of the loop: the timer that measures it fires at least ~390 ms late
    await new Promise((r) => setTimeout(r, 30));
    const until = Date.now() + 400;
    while (Date.now() < until);
    await new Promise((r) => setTimeout(r, 30));
    const stalled = await scrape();
    expect(stalled.max).toBeGreaterThanOrEqual(0.3);
    expect(stalled.p99).toBeGreaterThan(0);
    // each scrape starts afresh: the stall is not reported twice
    await new Promise((r) => setTimeout(r, 60));
    expect((await scrape()).max).toBeLessThan(stalled.max);
  });
});
