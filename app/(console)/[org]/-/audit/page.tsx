import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { getOrganization } from "@/lib/orgs/orgs";
import { listAuditEvents, type AuditEventDto } from "@/lib/audit/log";
import { isAppError } from "@/lib/errors";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { Alert, Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";

export const metadata: Metadata = { title: "Audit log" };

const FILTERS = ["actor", "environment", "action", "result", "from", "to"] as const;
const input = "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm";

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function AuditPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const org = await orNotFound(getOrganization(actor, (await params).org));
  const search = await searchParams;
  const filter = Object.fromEntries(FILTERS.map((k) => [k, one(search[k])]));
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  let page: { events: AuditEventDto[]; next: string | null } = { events: [], next: null };
  let problem: string | undefined;
  if (org.role !== "admin") problem = `Only admins of ${org.name} can read its audit log.`;
  else {
    try {
      page = await listAuditEvents(actor, org.name, filter, one(search.after) || undefined);
    } catch (e) {
      if (!isAppError(e) || e.code !== "invalid_input") throw e;
      problem = e.message;
    }
  }
  const field = (name: (typeof FILTERS)[number], label: string, placeholder: string, type = "text") => (
    <label className="block text-xs text-zinc-600">
      {label}
      <input name={name} type={type} defaultValue={filter[name]} placeholder={placeholder} className={input} />
    </label>
  );
  return (
    <>
      <PageHeader title="Audit log" description={`Everything done in ${org.name}, newest first: who, from where, what, and whether it was allowed.`} />
      <div className="space-y-4">
        <Card>
          <form method="get" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7 lg:items-end" aria-label="Filters">
            {field("actor", "Actor", "alice@example.com")}
            {field("environment", "Environment", "project/env")}
            {field("action", "Action", "environment.open")}
            <label className="block text-xs text-zinc-600">
              Result
              <select name="result" defaultValue={filter.result} className={input}>
                <option value="">any</option>
                <option value="allowed">allowed</option>
                <option value="refused">refused</option>
              </select>
            </label>
            {field("from", "From (UTC)", "2026-01-01T00:00Z")}
            {field("to", "To (UTC)", "2026-02-01T00:00Z")}
            <div className="flex gap-2">
              <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">Filter</button>
              <Link href={`/${org.name}/-/audit`} className="px-2 py-1.5 text-sm text-zinc-600 hover:text-zinc-900">Clear</Link>
            </div>
          </form>
        </Card>
        {problem && <Alert>{problem}</Alert>}
        {!problem && (
          <Card
            title={`${page.events.length}${page.next ? "+" : ""} ${page.events.length === 1 ? "event" : "events"}`}
            actions={
              <div className="flex gap-3 text-sm">
                <a href={`/${org.name}/-/audit/export?${new URLSearchParams([...query, ["format", "jsonl"]])}`} download className="text-brand-700 hover:underline">Export JSON lines</a>
                <a href={`/${org.name}/-/audit/export?${new URLSearchParams([...query, ["format", "csv"]])}`} download className="text-brand-700 hover:underline">Export CSV</a>
              </div>
            }
          >
            <div className="overflow-x-auto">
              <table className="w-full min-w-[720px] text-sm" data-testid="audit-table">
                <thead>
                  <tr className="text-left text-xs text-zinc-500">
                    <th className="pb-2 pr-3 font-medium">When</th>
                    <th className="pb-2 pr-3 font-medium">Actor</th>
                    <th className="pb-2 pr-3 font-medium">Action</th>
                    <th className="pb-2 pr-3 font-medium">Target</th>
                    <th className="pb-2 pr-3 font-medium">Result</th>
                    <th className="pb-2 font-medium">From</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {page.events.length === 0 && (
                    <tr><td colSpan={6} className="py-3 text-zinc-500">No events match.</td></tr>
                  )}
                  {page.events.map((e) => (
                    <tr key={e.id} data-testid="audit-row" data-action={e.action} data-result={e.result}>
                      <td className="whitespace-nowrap py-2 pr-3 text-xs text-zinc-500"><RelativeTime iso={e.at} /></td>
                      <td className="whitespace-nowrap py-2 pr-3">{e.actor ?? "—"}</td>
                      <td className="py-2 pr-3 font-mono text-xs">{e.action}</td>
                      <td className="py-2 pr-3 break-all">{e.target}</td>
                      <td className="py-2 pr-3">
                        <span className={`rounded-full px-2 py-0.5 text-xs ${e.result === "refused" ? "bg-red-50 text-red-700" : "bg-zinc-100 text-zinc-700"}`}>{e.result}</span>
                      </td>
                      <td className="py-2 text-xs text-zinc-500">{e.address ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {page.next && (
              <div className="mt-3 text-right">
                <Link href={`/${org.name}/-/audit?${new URLSearchParams([...query, ["after", page.next]])}`} className="text-sm text-brand-700 hover:underline">Older events →</Link>
              </div>
            )}
          </Card>
        )}
      </div>
    </>
  );
}
