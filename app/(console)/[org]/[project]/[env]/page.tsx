import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment, listRevisions } from "@/lib/environments/environments";
import { orNotFound } from "@/lib/next/page-data";
import { Card } from "@/components/ui/card";
import { DefinitionForm } from "@/components/environments/definition-form";
import { RevisionList } from "@/components/environments/revision-list";

type Params = { params: Promise<{ org: string; project: string; env: string }> };

async function refOf(params: Params["params"]) {
  const p = await params;
  return { org: decodeURIComponent(p.org), project: decodeURIComponent(p.project), name: decodeURIComponent(p.env) };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const ref = await refOf(params);
  return { title: `${ref.org}/${ref.project}/${ref.name}` };
}

export default async function EnvironmentPage({ params }: Params) {
  const ref = await refOf(params);
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  const revisions = await listRevisions(actor, ref);
  return (
    <>
      <p className="mb-4 text-sm text-zinc-500">
        Revision <span data-testid="head-revision" className="font-semibold text-zinc-700">{env.headRevision}</span> is current.
      </p>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_300px]">
        <Card title="Definition" description="YAML in the Pulumi ESC language. Saving creates a new immutable revision.">
          {/* key: a new current revision resets the form to what was saved */}
          <DefinitionForm key={env.headRevision} envRef={ref} yaml={env.yaml} headRevision={env.headRevision} />
        </Card>
        <div className="space-y-6">
          <Card title="Revisions">
            <RevisionList revisions={revisions} />
          </Card>
        </div>
      </div>
    </>
  );
}
