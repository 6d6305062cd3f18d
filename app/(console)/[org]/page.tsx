import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listEnvironments } from "@/lib/environments/environments";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { EnvironmentList } from "@/components/environments/environment-list";

type Params = { params: Promise<{ org: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).org };
}

export default async function OrgPage({ params }: Params) {
  const org = (await params).org;
  const actor = await requireActor();
  const envs = await orNotFound(listEnvironments(actor, org));
  return (
    <>
      <PageHeader
        title="Environments"
        description="Configuration, secrets and cloud credentials, grouped by project."
        actions={<ButtonLink href={`/${org}/-/new`}>New environment</ButtonLink>}
      />
      {envs.length === 0 ? (
        <EmptyState title="No environments yet" action={<ButtonLink href={`/${org}/-/new`}>Create your first environment</ButtonLink>}>
          An environment is a YAML definition of values and secrets, such as <code className="font-mono">{org}/payments/dev</code>.
        </EmptyState>
      ) : (
        <EnvironmentList org={org} envs={envs} />
      )}
    </>
  );
}
