import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getOrganization } from "@/lib/orgs/orgs";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { CreateEnvironmentForm } from "@/components/environments/create-environment-form";
import { createEnvironmentAction } from "./actions";

export const metadata: Metadata = { title: "New environment" };

export default async function NewEnvironmentPage({ params, searchParams }: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ project?: string }>;
}) {
  const actor = await requireActor();
  const org = await orNotFound(getOrganization(actor, (await params).org));
  const { project } = await searchParams;
  return (
    <div className="max-w-2xl">
      <PageHeader title="New environment" description="Environments are addressed org/project/name. Leave the project empty to use “default”." />
      <CreateEnvironmentForm action={createEnvironmentAction.bind(null, org.name)} org={org.name} defaultProject={typeof project === "string" ? project : ""} />
    </div>
  );
}
