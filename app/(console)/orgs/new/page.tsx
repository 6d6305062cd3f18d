import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listOrganizations } from "@/lib/orgs/orgs";
import { getCurrentUser } from "@/lib/users/users";
import { Shell } from "@/components/console/shell";
import { PageHeader } from "@/components/ui/page-header";
import { CreateOrganizationForm } from "@/components/orgs/create-organization-form";
import { createOrganizationAction } from "./actions";
import { redirect } from "next/navigation";

export const metadata: Metadata = { title: "New organization" };

export default async function NewOrganizationPage() {
  const actor = await requireActor();
  const [user, orgs] = await Promise.all([getCurrentUser(actor), listOrganizations(actor)]);
  if (!user) redirect("/sign-in");
  return (
    <Shell user={user} orgs={orgs}>
      <div className="mx-auto max-w-lg">
        <PageHeader
          title="Create an organization"
          description={orgs.length === 0 ? "Organizations hold your team's environments. Start with one for your company or team." : "Organizations hold environments and the people who use them."}
        />
        <CreateOrganizationForm action={createOrganizationAction} />
      </div>
    </Shell>
  );
}
