// The reaper with several instances: each due lease is cleaned by exactly one of them (claims
// are conditional updates; on PostgreSQL the two passes really run at once on separate
// connections), and a clean-up that keeps failing becomes "revocation_failing" with the cloud's
// error, retried with backoff until it succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { saveDefinition } from "../environments/environments";
import { openEnvironmentAs } from "../environments/evaluate";
import { FERRY_APP, FERRY_SECRET, ORG, startAzureSpFakes, SUBSCRIPTION, TENANT, type AzureSpFakes } from "../../testing/azure-sp-fakes";
import { listLeases } from "./leases";
import { reapDueLeases } from "./reaper";
import { retryDelayMs } from "./end";

let f: AzureSpFakes;
const REF = { org: ORG, project: "payments", name: "prod" };
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  f = await startAzureSpFakes();
  const env = { FERRY_AZURE_AUTHORITY_HOST: f.entra.url, FERRY_AZURE_CA_BUNDLE: f.config.azure.caBundlePath!, FERRY_AZURE_GRAPH_ENDPOINT: f.graph.url, FERRY_AZURE_ARM_ENDPOINT: f.arm.url };
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  await saveDefinition(f.owner, REF, {
    yaml: `values:
  sp:
    fn::open::azure-sp:
      login: {clientId: ${FERRY_APP}, tenantId: ${TENANT}, subscriptionId: ${SUBSCRIPTION}, clientSecret: {fn::secret: ${FERRY_SECRET}}}
      roles: [{roleName: Reader, scope: /subscriptions/${SUBSCRIPTION}}]
      ttl: 1m
`,
  });
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await f?.close();
});

const clockAt = (ms: number) => ({ now: () => ms, sleep: async () => {} });

async function openMany(n: number): Promise<string[]> {
  for (let i = 0; i < n; i++) {
    const opened = await openEnvironmentAs(f.owner, REF, {}, { via: "cli" });
    expect(opened.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  }
  const { leases } = await listLeases(f.owner, ORG, { environment: "payments/prod", state: "active" });
  return leases.map((l) => l.id);
}

const deletesOf = (applicationObjectId: string) => f.graph.calls.filter((c) => c.method === "DELETE" && c.path.endsWith(`/applications/${applicationObjectId}`)).length;

describe("lease reaper", () => {
  it("two instances reaping at once clean each due lease exactly once", async () => {
    const ids = await openMany(6);
    expect(ids).toHaveLength(6);
    const rows = await db().lease.findMany({ where: { id: { in: ids } } });
    const due = Math.max(...rows.map((r) => r.expiresAt.getTime())) + 1;
    const [a, b] = await Promise.all([reapDueLeases({ clock: clockAt(due), instance: "instance-a" }), reapDueLeases({ clock: clockAt(due), instance: "instance-b" })]);
    expect([...a.ended, ...b.ended].sort()).toEqual([...ids].sort());
    expect(a.ended.filter((id) => b.ended.includes(id))).toEqual([]);
    for (const r of rows) {
      const appId = (JSON.parse(r.externalIds) as { applicationObjectId: string }).applicationObjectId;
      expect(deletesOf(appId), `DELETE calls for the application of lease ${r.id}`).toBe(1);
      expect(await db().auditEvent.count({ where: { action: "lease.expire", detail: { contains: r.id } } })).toBe(1);
    }
    expect((await db().lease.findMany({ where: { id: { in: ids } } })).every((r) => r.state === "expired" && r.claimedBy === null)).toBe(true);
  });

  it("a clean-up that keeps failing is shown as revocation failing with the cloud's error, and retried with backoff", async () => {
    const [id] = await openMany(1);
    const row = (await db().lease.findUniqueOrThrow({ where: { id } }))!;
    const appId = (JSON.parse(row.externalIds) as { applicationObjectId: string }).applicationObjectId;
    f.graph.faults.push({ method: "DELETE", path: `/applications/${appId}$`, status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.", times: 2 });
    const t0 = row.expiresAt.getTime() + 1;
    expect((await reapDueLeases({ clock: clockAt(t0) })).failed).toEqual([id]);
    const failing = (await listLeases(f.owner, ORG, { state: "revocation_failing" })).leases.find((l) => l.id === id)!;
    expect(failing.error).toMatch(/Authorization_RequestDenied: Insufficient privileges/);
    // Not retried before its backoff; then retried (fails again), then the delay doubles.
    expect((await reapDueLeases({ clock: clockAt(t0 + retryDelayMs(1) - 1) })).failed).toEqual([]);
    expect((await reapDueLeases({ clock: clockAt(t0 + retryDelayMs(1)) })).failed).toEqual([id]);
    const again = await db().lease.findUniqueOrThrow({ where: { id } });
    expect(again.attempts).toBe(2);
    expect(again.nextAttemptAt!.getTime()).toBe(t0 + retryDelayMs(1) + retryDelayMs(2));
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    expect((await reapDueLeases({ clock: clockAt(again.nextAttemptAt!.getTime()) })).ended).toEqual([id]);
    expect(f.graph.state.applications.some((a) => a.id === appId)).toBe(false);
    expect((await db().lease.findUniqueOrThrow({ where: { id } })).error).toBeNull();
  });
});
