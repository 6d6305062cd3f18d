import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment } from "@/lib/environments/environments";
import { can } from "@/lib/environments/access";
import { listMembers } from "@/lib/orgs/orgs";
import { orNotFound } from "@/lib/next/page-data";
import { Card } from "@/components/ui/card";
import { DeleteEnvironmentForm } from "@/components/environments/delete-environment-form";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";
import { deleteEnvironmentAction } from "../actions";

export const metadata: Metadata = { title: "Environment settings" };

export default async function EnvironmentSettingsPage({ params }: { params: EnvironmentParams }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  // Only admins may delete: others learn who can instead of being refused after typing the name.
  const admins = can(env, "admin") ? [] : (await listMembers(actor, ref.org)).filter((m) => m.role === "admin");
  return (
    <div className="max-w-xl space-y-6">
      <Card title="Delete environment" description="Deletes the environment and every revision and tag. Environments that import it will report it missing. This cannot be undone.">
        {can(env, "admin") ? (
          <DeleteEnvironmentForm action={deleteEnvironmentAction.bind(null, ref)} envRef={ref} />
        ) : (
          <p data-testid="admin-only" className="text-sm text-zinc-600">
            Only admins of {ref.org} can delete this environment
            {admins.length ? (
              <>
                . Ask {admins.slice(0, 5).map((a, i) => (
                  <span key={a.email}>
                    {i > 0 ? (i === Math.min(admins.length, 5) - 1 ? " or " : ", ") : ""}
                    <a className="text-brand-600 hover:underline" href={`mailto:${a.email}`}>{a.name || a.email}</a>
                  </span>
                ))}
                {admins.length > 5 ? ` (or one of ${admins.length - 5} more admins)` : ""}.
              </>
            ) : (
              "."
            )}
          </p>
        )}
      </Card>
    </div>
  );
}
