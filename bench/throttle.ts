// Sign-in throttle bookkeeping: the cost of recording one failed sign-in (upsert + purge of past
// windows + the cap check) on an empty table and on a table at its 10,000-row cap, on SQLite.
// For scale: verifying one password (scrypt N=2^15) costs about 100 ms on the same machine.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "ferry-bench-throttle-"));
  process.env.FERRY_DATA_DIR = dir;
  process.env.DATABASE_URL = "";
  try {
    const { readConfig } = await import("../lib/config");
    const { migrate } = await import("../lib/db/migrate");
    await migrate(readConfig());
    const { db } = await import("../lib/db/client");
    const { MAX_THROTTLE_ROWS, THROTTLE_WINDOW_MINUTES, recordFailure } = await import("../lib/auth/throttle");
    const now = Date.now();
    const window = Math.floor(now / 60_000 / THROTTLE_WINDOW_MINUTES);

    const measure = async (label: string, n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await recordFailure(`bench-${label}-${i}@example.com`, `198.51.100.${i % 250}`, now);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(2);
      console.log(`  recordFailure, ${label}: p50 ${pct(50)} ms, p99 ${pct(99)} ms (${n} calls; ${await db().signInThrottle.count()} rows after)`);
    };

    await measure("empty table", 200);
    await db().signInThrottle.deleteMany({});
    await db().signInThrottle.createMany({ data: Array.from({ length: MAX_THROTTLE_ROWS }, (_, i) => ({ key: `address:fill-${i}`, window, failures: 1 })) });
    await measure("table at the cap", 200);
    await db().$disconnect();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
