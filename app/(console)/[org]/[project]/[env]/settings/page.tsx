import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment } from "@/lib/environments/environments";
import { orNotFound } from "@/lib/next/page-data";
import { Card } from "@/components/ui/card";
import { DeleteEnvironmentForm } from "@/components/environments/delete-environment-form";
import { environmentRefFrom, type EnvironmentParams } from "@/components/environments/params";

export const metadata: Metadata = { title: "Environment settings" };

export default async function EnvironmentSettingsPage({ params }: { params: EnvironmentParams }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  await orNotFound(getEnvironment(actor, ref));
  return (
    <div className="max-w-xl space-y-6">
      <Card title="Delete environment" description="Deletes the environment and every revision and tag. Environments that import it will report it missing. This cannot be undone.">
        <DeleteEnvironmentForm envRef={ref} />
      </Card>
    </div>
  );
}
