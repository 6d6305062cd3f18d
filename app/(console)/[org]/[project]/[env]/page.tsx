import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment, listEnvironments } from "@/lib/environments/environments";
import { can } from "@/lib/environments/access";
import { getCurrentUser } from "@/lib/users/users";
import { orNotFound } from "@/lib/next/page-data";
import { EnvironmentEditorLoader } from "@/components/editor/environment-editor-loader";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";
import { loadImportsAction, saveEditorAction } from "./editor-actions";

export async function generateMetadata({ params }: { params: EnvironmentParams }): Promise<Metadata> {
  const ref = await environmentRefFrom(params);
  return { title: `${ref.org}/${ref.project}/${ref.name}` };
}

export default async function EnvironmentPage({ params }: { params: EnvironmentParams }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  const [all, user] = await Promise.all([listEnvironments(actor, ref.org), getCurrentUser(actor)]);
  const environmentNames = all
    .filter((e) => !(e.project === env.project && e.name === env.name))
    .map((e) => `${e.project}/${e.name}`);
  return (
    <>
      <p className="sr-only">
        Revision <span data-testid="head-revision">{env.headRevision}</span> is current.
      </p>
      <EnvironmentEditorLoader
        envRef={ref}
        save={saveEditorAction.bind(null, ref)}
        loadImports={loadImportsAction.bind(null, ref.org)}
        yaml={env.yaml}
        headRevision={env.headRevision}
        canOpen={can(env, "opener")}
        canEdit={can(env, "editor")}
        environmentNames={environmentNames}
        userLogin={user?.email ?? ""}
      />
    </>
  );
}
