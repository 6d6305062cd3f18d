// The audit page's query at 1,000,000 events of one organization, on SQLite and (when
// FERRY_TEST_DATABASE_URL names a PostgreSQL server) PostgreSQL: the first page, a page far
// back (continuing from a cursor), and pages narrowed by actor, environment, action and result.
// Each database is seeded in one INSERT … SELECT, then every query runs 20 times; p50 and p95.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";

const EVENTS = Number(process.env.FERRY_BENCH_AUDIT_EVENTS ?? 1_000_000);
const ACTIONS = ["environment.open", "environment.reveal", "revision.save", "tag.set", "run-token.create", "environment.decrypt", "oidc.token.issue", "member.add", "access.grant", "team.create"];

export async function main(): Promise<void> {
  const self = path.join(import.meta.dirname, "audit.ts");
  const run = (db: string) => execFileSync(process.execPath, ["--import", "tsx", self, "--child", db], { stdio: "inherit", env: process.env });
  run("sqlite");
  if (process.env.FERRY_TEST_DATABASE_URL) run("postgresql");
  else console.log("  (PostgreSQL skipped: set FERRY_TEST_DATABASE_URL)");
}

async function child(kind: "sqlite" | "postgresql") {
  const dir = mkdtempSync(path.join(tmpdir(), "ferry-bench-audit-"));
  process.env.FERRY_DATA_DIR = dir;
  let dropDb: (() => Promise<void>) | undefined;
  if (kind === "postgresql") {
    const pg = (await import("pg")).default;
    const admin = process.env.FERRY_TEST_DATABASE_URL!;
    const name = `ferry_bench_audit_${randomBytes(4).toString("hex")}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    dropDb = async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    };
  } else process.env.DATABASE_URL = "";
  try {
    const { readConfig } = await import("../lib/config");
    const { migrate } = await import("../lib/db/migrate");
    await migrate(readConfig());
    const { db } = await import("../lib/db/client");
    const { createOrganization } = await import("../lib/orgs/orgs");
    const { listAuditEvents } = await import("../lib/audit/log");
    const { signUp } = await import("../lib/users/users");

    const owner = await signUp({ email: "owner@example.com", password: "bench password 1" });
    const org = (await createOrganization({ userId: owner.id }, { name: "bench" })).name;
    const orgId = (await db().organization.findUniqueOrThrow({ where: { name: org } })).id;
    await db().user.createMany({ data: Array.from({ length: 20 }, (_, i) => ({ id: `benchactor${i}`, email: `actor${i}@example.com`, passwordHash: "x" })) });

    const actions = `CASE i % 10 ${ACTIONS.map((a, k) => `WHEN ${k} THEN '${a}'`).join(" ")} END`;
    const t0 = performance.now();
    if (kind === "sqlite") {
      await db().$executeRawUnsafe(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${EVENTS - 1})
         INSERT INTO "AuditEvent" ("id", "organizationId", "actorId", "action", "target", "environment", "result", "address", "createdAt")
         SELECT printf('bench%08d', i), '${orgId}', 'benchactor' || (i % 20), ${actions},
                'bench/app/env' || (i % 50), 'app/env' || (i % 50), CASE WHEN i % 50 = 7 THEN 'refused' ELSE 'allowed' END,
                '198.51.100.' || (i % 250), strftime('%Y-%m-%dT%H:%M:%S', 1767225600 - i * 30, 'unixepoch') || '.000+00:00'
         FROM n`,
      );
    } else {
      await db().$executeRawUnsafe(
        `INSERT INTO "AuditEvent" ("id", "organizationId", "actorId", "action", "target", "environment", "result", "address", "createdAt")
         SELECT 'bench' || lpad(i::text, 8, '0'), '${orgId}', 'benchactor' || (i % 20), ${actions},
                'bench/app/env' || (i % 50), 'app/env' || (i % 50), CASE WHEN i % 50 = 7 THEN 'refused' ELSE 'allowed' END,
                '198.51.100.' || (i % 250), timestamp '2026-01-01' - i * interval '30 seconds'
         FROM generate_series(0, ${EVENTS - 1}) AS i`,
      );
      await db().$executeRawUnsafe(`ANALYZE "AuditEvent"`);
    }
    console.log(`  ${kind}: seeded ${(await db().auditEvent.count()).toLocaleString("en")} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const actor = { userId: owner.id };
    // a cursor half-way back: what "Older events" reaches after 10,000 pages of 50
    const deep = await listAuditEvents(actor, org, {}, undefined, 1);
    const middle = await db().auditEvent.findFirstOrThrow({ where: { id: `bench${String(Math.floor(EVENTS / 2)).padStart(8, "0")}` } });
    const cursor = Buffer.from(`${middle.createdAt.getTime()}.${middle.id}`).toString("base64url");
    void deep;
    const cases: [string, Record<string, string>, string | undefined][] = [
      ["first page", {}, undefined],
      ["page from the middle (cursor)", {}, cursor],
      ["actor filter", { actor: "actor3@example.com" }, undefined],
      ["environment filter", { environment: "app/env7" }, undefined],
      ["action filter", { action: "environment.open" }, undefined],
      ["result=refused (2%)", { result: "refused" }, undefined],
      ["actor + environment + refused (sparse)", { actor: "actor7@example.com", environment: "app/env7", result: "refused" }, undefined],
      ["time range (one day, mid-log)", { from: "2025-08-10T00:00:00Z", to: "2025-08-11T00:00:00Z" }, undefined],
    ];
    for (const [label, filter, after] of cases) {
      const times: number[] = [];
      let rows = 0;
      for (let k = 0; k < 20; k++) {
        const t = performance.now();
        rows = (await listAuditEvents(actor, org, filter, after)).events.length;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log(`  ${kind}: ${label}: p50 ${times[10].toFixed(1)} ms, p95 ${times[18].toFixed(1)} ms (${rows} rows)`);
    }
    await db().$disconnect();
  } finally {
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf("--child");
if (at >= 0) {
  child(process.argv[at + 1] as "sqlite" | "postgresql").catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
