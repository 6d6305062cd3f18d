import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment } from "@/lib/environments/environments";
import { getRevision } from "@/lib/environments/revisions";
import { checkEnvironmentAs } from "@/lib/environments/evaluate";
import { can } from "@/lib/environments/access";
import { orNotFound } from "@/lib/next/page-data";
import { DefinitionDiff } from "@/components/editor/readonly-views-loader";
import { CompareValues } from "@/components/revisions/compare-values";
import { diffValues, sealedSecrets } from "@/components/revisions/value-diff";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";
import { revealComparisonAction } from "./actions";

type Props = {
  params: Promise<Awaited<EnvironmentParams> & { range: string }>;
};

const RANGE = /^([A-Za-z0-9][A-Za-z0-9._-]*?)\.\.\.([A-Za-z0-9][A-Za-z0-9._-]*)$/;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Compare ${(await params).range}` };
}

export default async function ComparePage({ params }: Props) {
  const p = await params;
  const m = RANGE.exec(p.range);
  if (!m) notFound();
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  const [a, b] = await Promise.all([orNotFound(getRevision(actor, ref, m[1])), orNotFound(getRevision(actor, ref, m[2]))]);
  // Rendering never decrypts: revealing is a POST (revealComparisonAction), audited per click.
  const [va, vb] = await Promise.all([a, b].map((r) => checkEnvironmentAs(actor, ref, { version: String(r.number) })));
  const masked = diffValues(va.properties, vb.properties, false, [sealedSecrets(a.yaml), sealedSecrets(b.yaml)]);
  const reveal = can(env, "opener") ? revealComparisonAction.bind(null, ref, [a.number, b.number]) : undefined;
  const base = `/${ref.org}/${ref.project}/${ref.name}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-base font-semibold">
          Compare revision{" "}
          <Link className="text-brand-600 hover:underline" href={`${base}/revisions/${a.number}`}>{a.number}</Link> with{" "}
          <Link className="text-brand-600 hover:underline" href={`${base}/revisions/${b.number}`}>{b.number}</Link>
        </h2>
        <Link href={`${base}/revisions`} className="text-sm text-zinc-600 hover:underline">All revisions</Link>
      </div>
      <DefinitionDiff before={a.yaml} after={b.yaml} labels={[`Revision ${a.number}`, `Revision ${b.number}`]} />
      <CompareValues masked={masked} reveal={reveal} />
    </div>
  );
}
