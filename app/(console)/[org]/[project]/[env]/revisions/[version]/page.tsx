import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment } from "@/lib/environments/environments";
import { getRevision } from "@/lib/environments/revisions";
import { checkEnvironmentAs } from "@/lib/environments/evaluate";
import { listTags } from "@/lib/environments/tags";
import { can } from "@/lib/environments/access";
import { orNotFound } from "@/lib/next/page-data";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { ReadOnlyDefinition } from "@/components/editor/readonly-views-loader";
import { StaticValues } from "@/components/revisions/static-values";
import { MakeCurrentButton } from "@/components/revisions/make-current-button";
import { TagManager } from "@/components/revisions/tag-manager";
import { TagChip } from "@/components/revisions/tag-chip";
import { deleteTagAction, makeCurrentAction, setTagAction } from "../actions";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";

type Props = { params: Promise<Awaited<EnvironmentParams> & { version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Revision ${(await params).version}` };
}

export default async function RevisionPage({ params }: Props) {
  const p = await params;
  const ref = await environmentRefFrom(params);
  const version = p.version;
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  const revision = await orNotFound(getRevision(actor, ref, version));
  const [checked, tags] = await Promise.all([checkEnvironmentAs(actor, ref, { version: String(revision.number) }), listTags(actor, ref)]);
  const base = `/${ref.org}/${ref.project}/${ref.name}`;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="flex items-center gap-2 text-base font-semibold">
            Revision {revision.number}
            {revision.tags.map((t) => <TagChip key={t} name={t} />)}
            <span className="rounded bg-zinc-100 px-1.5 py-px text-[11px] font-normal text-zinc-600">read-only</span>
          </h2>
          <p className="text-xs text-zinc-500">
            {revision.message || "No message"} · {revision.author ?? "deleted user"} · <RelativeTime iso={revision.createdAt} />
          </p>
        </div>
        <div className="flex items-center gap-2">
          {!revision.isLatest && (
            <Link href={`${base}/compare/${revision.number}...${env.headRevision}`} className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50">
              Compare
            </Link>
          )}
          {!revision.isLatest && can(env, "editor") && <MakeCurrentButton action={makeCurrentAction.bind(null, ref)} revision={revision.number} head={env.headRevision} />}
        </div>
      </div>
      <div className="grid grid-cols-1 gap-5 xl:grid-cols-[minmax(0,1fr)_360px]">
        <ReadOnlyDefinition yaml={revision.yaml} />
        <div className="space-y-5">
          <Card title="Resolved values" description="Checked without opening providers; secrets stay hidden.">
            <StaticValues properties={checked.properties} diagnostics={checked.diagnostics} />
          </Card>
          <Card title="Tag this revision">
            <TagManager setTag={setTagAction.bind(null, ref)} deleteTag={deleteTagAction.bind(null, ref)} tags={tags} head={env.headRevision} canEdit={can(env, "editor")} revision={revision.number} />
          </Card>
        </div>
      </div>
    </div>
  );
}
