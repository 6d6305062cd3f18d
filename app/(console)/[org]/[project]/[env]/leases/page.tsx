import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listLeases } from "@/lib/leases/leases";
import { orNotFound } from "@/lib/next/page-data";
import { isAppError } from "@/lib/errors";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { LeaseList } from "@/components/leases/lease-list";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";
import { revokeLeaseAction } from "@/app/(console)/[org]/-/leases/actions";

export const metadata: Metadata = { title: "Leases" };

export default async function EnvironmentLeasesPage({ params, searchParams }: { params: EnvironmentParams; searchParams: Promise<{ after?: string }> }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const after = (await searchParams).after;
  let page;
  try {
    page = await orNotFound(listLeases(actor, ref.org, { environment: `${ref.project}/${ref.name}`, continuationToken: typeof after === "string" ? after : undefined }));
  } catch (e) {
    // A hand-edited ?after= is the visitor's mistake: say so instead of failing the page.
    if (isAppError(e) && e.code === "invalid_input") return <Alert>{e.message}</Alert>;
    throw e;
  }
  const active = page.leases.filter((l) => l.state === "active").length;
  return (
    <Card
      title="Leases"
      description={`Dynamic credentials opens of this environment handed out: who, how, until when. ${active} active on this page. Revoking deletes them in the cloud now.`}
    >
      {page.leases.length === 0 ? (
        <EmptyState title="No leases yet">Opening an environment with fn::open::azure-sp, aws-login or azure-login (OIDC) records a lease here.</EmptyState>
      ) : (
        <>
          <LeaseList leases={page.leases} org={ref.org} revoke={revokeLeaseAction} showEnvironment={false} />
          {page.continuationToken && (
            <div className="pt-3">
              <ButtonLink variant="secondary" href={`?after=${encodeURIComponent(page.continuationToken)}`}>
                Older leases
              </ButtonLink>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
