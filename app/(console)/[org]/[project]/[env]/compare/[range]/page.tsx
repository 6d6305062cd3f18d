import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment } from "@/lib/environments/environments";
import { getRevision } from "@/lib/environments/revisions";
import { checkEnvironmentAs, revealEnvironmentAs } from "@/lib/environments/evaluate";
import { can } from "@/lib/environments/access";
import { clientAddress } from "@/lib/auth/client-address";
import { orNotFound } from "@/lib/next/page-data";
import { Card } from "@/components/ui/card";
import { DefinitionDiff } from "@/components/editor/readonly-views-loader";
import { ValueChanges } from "@/components/revisions/value-changes";
import { diffValues } from "@/components/revisions/value-diff";
import { environmentRefFrom, type EnvironmentParams } from "@/components/environments/params";

type Props = {
  params: Promise<Awaited<EnvironmentParams> & { range: string }>;
  searchParams: Promise<{ secrets?: string }>;
};

const RANGE = /^([A-Za-z0-9][A-Za-z0-9._-]*?)\.\.\.([A-Za-z0-9][A-Za-z0-9._-]*)$/;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Compare ${decodeURIComponent((await params).range)}` };
}

export default async function ComparePage({ params, searchParams }: Props) {
  const p = await params;
  const m = RANGE.exec(decodeURIComponent(p.range));
  if (!m) notFound();
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  const [a, b] = await Promise.all([orNotFound(getRevision(actor, ref, m[1])), orNotFound(getRevision(actor, ref, m[2]))]);
  const mayReveal = can(env, "opener");
  const reveal = mayReveal && (await searchParams).secrets === "1";
  const h = await headers();
  const audit = { via: "console" as const, address: clientAddress(h), userAgent: h.get("user-agent") ?? undefined };
  const evaluate = (n: number) =>
    reveal ? revealEnvironmentAs(actor, ref, { version: String(n) }, audit) : checkEnvironmentAs(actor, ref, { version: String(n) });
  const [va, vb] = await Promise.all([evaluate(a.number), evaluate(b.number)]);
  const changes = diffValues(va.properties, vb.properties, reveal);
  const base = `/${ref.org}/${ref.project}/${ref.name}`;
  const here = `${base}/compare/${a.number}...${b.number}`;
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
      <Card
        title="Resolved values"
        description={reveal ? "Secrets are shown (this view was recorded in the audit log)." : "Secrets are masked; changes to secrets show only when secrets are shown."}
        actions={
          mayReveal ? (
            <Link href={reveal ? here : `${here}?secrets=1`} className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium hover:bg-zinc-50" aria-pressed={reveal}>
              {reveal ? "Hide secrets" : "Show secrets"}
            </Link>
          ) : null
        }
      >
        <ValueChanges changes={changes} />
      </Card>
    </div>
  );
}
