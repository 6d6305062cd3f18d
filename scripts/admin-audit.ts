// Operator commands for the audit log's hash chain and retention (see lib/audit/chain.ts).
import { db } from "../lib/db/client";
import { pruneAuditEvents, setAuditRetention, verifyAuditChain } from "../lib/audit/chain";

export const AUDIT_USAGE = `  verify-audit [--org O]
      Check every organization's (or one's) audit hash chain; prints the first broken link and
      exits 1 if any chain is broken.
  audit-retention --org O --days N|forever
      Keep O's audit events for N days (default: forever); prune-audit then removes older ones.
  prune-audit [--org O]
      Delete audit events older than each organization's retention; the chain stays verifiable.`;

async function orgs(name?: string) {
  const rows = await db().organization.findMany({ where: name ? { name } : {}, select: { id: true, name: true }, orderBy: { name: "asc" } });
  if (name && rows.length === 0) throw new Error(`no organization named ${name}`);
  return rows;
}

/** Returns the exit code. */
export async function verifyAudit(org?: string): Promise<number> {
  let broken = 0;
  for (const o of await orgs(org)) {
    const r = await verifyAuditChain(o.id);
    if (!r.broken) console.log(`${r.organization}: intact (${r.events} chained events)`);
    else {
      broken++;
      const where = r.broken.eventId ? `event ${r.broken.eventId} at ${r.broken.at}` : "chain head";
      console.log(`${r.organization}: BROKEN after ${r.events} good events, at ${where}: ${r.broken.problem}`);
    }
  }
  return broken ? 1 : 0;
}

export async function auditRetention(org: string, days: string): Promise<void> {
  const value = days === "forever" ? null : /^\d{1,5}$/.test(days) ? Number(days) : NaN;
  if (Number.isNaN(value)) throw new Error("--days is a number of days or forever");
  await setAuditRetention(org, value);
  console.log(`${org} keeps audit events ${value === null ? "forever" : `for ${value} days`}.`);
}

export async function pruneAudit(org?: string): Promise<void> {
  for (const o of await orgs(org)) {
    const n = await pruneAuditEvents(o.id);
    if (n) console.log(`${o.name}: pruned ${n} events past retention`);
  }
}
