import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listLeases } from "@/lib/leases/leases";
import { LEASE_STATES } from "@/lib/leases/schema";
import { getOrganization } from "@/lib/orgs/orgs";
import { listEnvironments } from "@/lib/environments/environments";
import { providerCatalog } from "@/lib/providers/catalog";
import { orNotFound } from "@/lib/next/page-data";
import { isAppError } from "@/lib/errors";
import { PageHeader } from "@/components/ui/page-header";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { Button, ButtonLink } from "@/components/ui/button";
import { LeaseList } from "@/components/leases/lease-list";
import { revokeLeaseAction } from "./actions";

export const metadata: Metadata = { title: "Leases" };

type Search = Record<string, string | string[] | undefined>;
const FILTERS = ["environment", "provider", "state", "openedBy"] as const;

const selectClass = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm";

export default async function OrgLeasesPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Search> }) {
  const actor = await requireActor();
  const org = await orNotFound(getOrganization(actor, (await params).org));
  const search = await searchParams;
  const one = (k: string) => (typeof search[k] === "string" ? (search[k] as string) : undefined);
  const filter = Object.fromEntries(FILTERS.map((k) => [k, one(k)]).filter(([, v]) => v));
  const envs = await listEnvironments(actor, org.name);
  let page;
  let problem: string | undefined;
  try {
    page = await listLeases(actor, org.name, { ...filter, continuationToken: one("after") });
  } catch (e) {
    if (!isAppError(e) || (e.code !== "invalid_input" && e.code !== "not_found")) throw e;
    problem = e.message;
  }
  const nextHref = page?.continuationToken ? `?${new URLSearchParams({ ...filter, after: page.continuationToken }).toString()}` : undefined;
  return (
    <>
      <PageHeader title="Leases" description={`Dynamic credentials opens in ${org.name} handed out, newest first. Revoking deletes them in the cloud now; the reaper deletes them at expiry.`} />
      <Card>
        <form method="get" className="mb-4 flex flex-wrap items-end gap-2" aria-label="Filter leases">
          <label className="text-xs text-zinc-600">
            Environment
            <select name="environment" defaultValue={one("environment") ?? ""} className={`${selectClass} block`}>
              <option value="">All</option>
              {envs.map((e) => (
                <option key={`${e.project}/${e.name}`} value={`${e.project}/${e.name}`}>
                  {e.project}/{e.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-zinc-600">
            Provider
            <select name="provider" defaultValue={one("provider") ?? ""} className={`${selectClass} block`}>
              <option value="">All</option>
              {providerCatalog.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-zinc-600">
            State
            <select name="state" defaultValue={one("state") ?? ""} className={`${selectClass} block`}>
              <option value="">All</option>
              {LEASE_STATES.map((s) => (
                <option key={s} value={s}>
                  {s.replace("_", " ")}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-zinc-600">
            Opened by
            <input name="openedBy" type="email" placeholder="email" defaultValue={one("openedBy") ?? ""} className={`${selectClass} block`} />
          </label>
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        {problem ? (
          <Alert>{problem}</Alert>
        ) : page!.leases.length === 0 ? (
          <EmptyState title="No leases">
            {Object.keys(filter).length ? "No lease matches these filters." : "Opening an environment with fn::open::azure-sp, aws-login or azure-login (OIDC) records a lease here."}
          </EmptyState>
        ) : (
          <>
            <LeaseList leases={page!.leases} org={org.name} revoke={revokeLeaseAction} showEnvironment />
            {nextHref && (
              <div className="pt-3">
                <ButtonLink variant="secondary" href={nextHref}>
                  Older leases
                </ButtonLink>
              </div>
            )}
          </>
        )}
      </Card>
    </>
  );
}
