// A separate "app instance" for the concurrency test: its own process and database client,
// redeeming one token N times at once. Prints {"ok": n, "refused": {reason: n}}.
import { redeemRunToken } from "../lib/runs/redeem";
import { db } from "../lib/db/client";

const [token, n] = [process.argv[2], Number(process.argv[3] ?? 10)];
const results = await Promise.allSettled(Array.from({ length: n }, () => redeemRunToken(token, { userAgent: `worker-${process.pid}` })));
const refused: Record<string, number> = {};
let ok = 0;
for (const r of results) {
  if (r.status === "fulfilled") ok++;
  else {
    const reason = (r.reason as { reason?: string }).reason ?? String(r.reason);
    refused[reason] = (refused[reason] ?? 0) + 1;
  }
}
await db().$disconnect();
process.stdout.write(JSON.stringify({ ok, refused }) + "\n");
