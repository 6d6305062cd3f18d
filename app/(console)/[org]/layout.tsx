import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { getOrganization, listOrganizations } from "@/lib/orgs/orgs";
import { listEnvironments } from "@/lib/environments/environments";
import { getCurrentUser } from "@/lib/users/users";
import { orNotFound } from "@/lib/next/page-data";
import { Shell } from "@/components/console/shell";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const actor = await requireActor();
  const user = await getCurrentUser(actor);
  if (!user) redirect("/sign-in");
  // The layout renders navigation only; every page re-checks access through lib functions.
  const current = await orNotFound(getOrganization(actor, org));
  const [orgs, envs] = await Promise.all([listOrganizations(actor), listEnvironments(actor, current.name)]);
  return (
    <Shell user={user} orgs={orgs} org={current.name} envs={envs}>
      {children}
    </Shell>
  );
}
