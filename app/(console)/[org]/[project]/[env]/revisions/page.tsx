import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment, listRevisions } from "@/lib/environments/environments";
import { listTags } from "@/lib/environments/tags";
import { can } from "@/lib/environments/access";
import { orNotFound } from "@/lib/next/page-data";
import { Card } from "@/components/ui/card";
import { RevisionTable } from "@/components/revisions/revision-table";
import { CompareForm } from "@/components/revisions/compare-form";
import { TagManager } from "@/components/revisions/tag-manager";
import { deleteTagAction, makeCurrentAction, setTagAction } from "./actions";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";

export const metadata: Metadata = { title: "Revisions" };

export default async function RevisionsPage({ params }: { params: EnvironmentParams }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  const [revisions, tags] = await Promise.all([listRevisions(actor, ref), listTags(actor, ref)]);
  const base = `/${ref.org}/${ref.project}/${ref.name}`;
  const canEdit = can(env, "editor");
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_320px]">
      <Card title="Revisions" description="Every save is an immutable revision. Open one to read it, compare any two, tag them, or make an old one current again.">
        <RevisionTable base={base} makeCurrent={makeCurrentAction.bind(null, ref)} revisions={revisions} head={env.headRevision} canEdit={canEdit} />
      </Card>
      <div className="space-y-6">
        <Card title="Compare">
          <CompareForm base={base} revisions={revisions.map((r) => r.number)} />
        </Card>
        <Card title="Tags" description="Tags pin revisions: reference them as org/project/env@tag.">
          <TagManager setTag={setTagAction.bind(null, ref)} deleteTag={deleteTagAction.bind(null, ref)} tags={tags} head={env.headRevision} canEdit={canEdit} />
        </Card>
      </div>
    </div>
  );
}
