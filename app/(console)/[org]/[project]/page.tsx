import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { listEnvironments } from "@/lib/environments/environments";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { ButtonLink } from "@/components/ui/button";
import { EnvironmentList } from "@/components/environments/environment-list";

type Params = { params: Promise<{ org: string; project: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const p = await params;
  return { title: `${p.project} · ${p.org}` };
}

export default async function ProjectPage({ params }: Params) {
  const p = await params;
  const org = p.org;
  const project = p.project;
  const actor = await requireActor();
  const envs = (await orNotFound(listEnvironments(actor, org))).filter((e) => e.project === project);
  if (envs.length === 0) notFound();
  return (
    <>
      <PageHeader
        eyebrow="Project"
        title={project}
        actions={<ButtonLink href={`/${org}/-/new?project=${encodeURIComponent(project)}`}>New environment</ButtonLink>}
      />
      <EnvironmentList org={org} envs={envs} />
    </>
  );
}
