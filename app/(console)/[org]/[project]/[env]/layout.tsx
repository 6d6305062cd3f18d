import { requireActor } from "@/lib/auth/session";
import { getEnvironment } from "@/lib/environments/environments";
import { orNotFound } from "@/lib/next/page-data";
import { EnvironmentTabs } from "@/components/environments/environment-tabs";
import { CopyRunCommand } from "@/components/runs/copy-run-command";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";
import { createRunCommandAction } from "./runs/actions";

export default async function EnvironmentLayout({ children, params }: { children: React.ReactNode; params: EnvironmentParams }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  const base = `/${env.org}/${env.project}/${env.name}`;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <div className="font-mono text-xs text-zinc-500">
            {env.org}/{env.project}/
          </div>
          <h1 className="truncate font-mono text-xl font-semibold tracking-tight">{env.name}</h1>
        </div>
        <div id="environment-actions" className="flex items-center gap-2">
          <CopyRunCommand action={createRunCommandAction.bind(null, ref)} envRef={ref} headRevision={env.headRevision} />
        </div>
      </div>
      <EnvironmentTabs base={base} />
      <div className="pt-5">{children}</div>
    </div>
  );
}
