// Prometheus metrics, in the text exposition format (version 0.0.4), with no client library:
// counters and histograms are a few lines each. The registry lives on globalThis because the
// production server loads lib/ twice (Next's bundle for pages and actions, and Ferry's own
// server for the API, server/api-router.ts); both must count into the one registry /metrics shows.
// Labels are bounded by construction: route templates, methods, status classes, provider names
// from the registry, outcomes; never a user-supplied string.

import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

type Labels = Record<string, string>;

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Counter {
  kind: "counter";
  help: string;
  values: Map<string, number>;
}

interface Histogram {
  kind: "histogram";
  help: string;
  buckets: number[];
  series: Map<string, { counts: number[]; sum: number; count: number }>;
}

type Metric = Counter | Histogram;

interface Registry {
  metrics: Map<string, Metric>;
  /** how late the event loop ran its timers: every request in flight waits that long too */
  loopDelay: IntervalHistogram;
}

const KEY = Symbol.for("ferry.metrics");
/** the event-loop delay's sampling interval, which every sample includes (subtracted when shown) */
const LOOP_RESOLUTION_MS = 10;
function registry(): Registry {
  const g = globalThis as { [KEY]?: Registry };
  if (!g[KEY]) {
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loopDelay.enable();
    g[KEY] = { metrics: new Map(), loopDelay };
  }
  return g[KEY];
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labelKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k])}"`)
    .join(",");

function metric<M extends Metric>(name: string, make: () => M): M {
  const r = registry();
  let m = r.metrics.get(name);
  if (!m) {
    m = make();
    r.metrics.set(name, m);
  }
  return m as M;
}

export function countEvent(name: string, help: string, labels: Labels = {}, by = 1): void {
  const m = metric<Counter>(name, () => ({ kind: "counter", help, values: new Map() }));
  const k = labelKey(labels);
  m.values.set(k, (m.values.get(k) ?? 0) + by);
}

export function observeSeconds(name: string, help: string, labels: Labels, seconds: number, buckets = LATENCY_BUCKETS): void {
  const m = metric<Histogram>(name, () => ({ kind: "histogram", help, buckets, series: new Map() }));
  const k = labelKey(labels);
  let s = m.series.get(k);
  if (!s) {
    s = { counts: new Array(m.buckets.length).fill(0), sum: 0, count: 0 };
    m.series.set(k, s);
  }
  for (let i = 0; i < m.buckets.length; i++) if (seconds <= m.buckets[i]) s.counts[i]++;
  s.sum += seconds;
  s.count++;
}

/** Times `fn`, observing its duration with `outcome` "ok" or "error". */
export async function timed<T>(name: string, help: string, labels: Labels, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  let outcome = "error";
  try {
    const out = await fn();
    outcome = "ok";
    return out;
  } finally {
    observeSeconds(name, help, { ...labels, outcome }, (performance.now() - t) / 1000);
  }
}

const join = (k: string, extra: string) => (k && extra ? `{${k},${extra}}` : k ? `{${k}}` : extra ? `{${extra}}` : "");

/** The whole registry in Prometheus' text format. */
export function renderMetrics(): string {
  const out: string[] = [];
  const mem = process.memoryUsage();
  out.push("# HELP process_resident_memory_bytes Resident memory size in bytes.", "# TYPE process_resident_memory_bytes gauge", `process_resident_memory_bytes ${mem.rss}`);
  out.push("# HELP nodejs_heap_used_bytes V8 heap in use, in bytes.", "# TYPE nodejs_heap_used_bytes gauge", `nodejs_heap_used_bytes ${mem.heapUsed}`);
  // since the previous scrape (or since start): a stall shows once, in the scrape after it
  const loop = registry().loopDelay;
  const seconds = (ns: number) => (Number.isFinite(ns) && loop.count > 0 ? Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS) / 1000 : 0);
  out.push("# HELP nodejs_eventloop_lag_p99_seconds The event loop's delay, 99th percentile since the last scrape.", "# TYPE nodejs_eventloop_lag_p99_seconds gauge", `nodejs_eventloop_lag_p99_seconds ${seconds(loop.percentile(99))}`);
  out.push("# HELP nodejs_eventloop_lag_max_seconds The event loop's longest delay since the last scrape.", "# TYPE nodejs_eventloop_lag_max_seconds gauge", `nodejs_eventloop_lag_max_seconds ${seconds(loop.max)}`);
  loop.reset();
  for (const [name, m] of [...registry().metrics].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`# HELP ${name} ${m.help}`, `# TYPE ${name} ${m.kind}`);
    if (m.kind === "counter") {
      for (const [k, v] of m.values) out.push(`${name}${join(k, "")} ${v}`);
    } else {
      for (const [k, s] of m.series) {
        m.buckets.forEach((b, i) => out.push(`${name}_bucket${join(k, `le="${b}"`)} ${s.counts[i]}`));
        out.push(`${name}_bucket${join(k, 'le="+Inf"')} ${s.count}`, `${name}_sum${join(k, "")} ${s.sum}`, `${name}_count${join(k, "")} ${s.count}`);
      }
    }
  }
  return out.join("\n") + "\n";
}

/** For tests: forget every series. */
export function resetMetrics(): void {
  registry().metrics.clear();
}
