import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { listOrganizations } from "@/lib/orgs/orgs";
import { listEnvironments } from "@/lib/environments/environments";
import { getCurrentUser } from "@/lib/users/users";
import { Shell } from "@/components/console/shell";
import { LAST_ORG_COOKIE } from "@/lib/next/last-org";

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const [user, orgs] = await Promise.all([getCurrentUser(actor), listOrganizations(actor)]);
  if (!user) redirect("/sign-in");
  // Account pages belong to no organization; keep the navigation of the one last visited (if the
  // user still belongs to it), else the first, so the console stays one click from everywhere.
  const last = (await cookies()).get(LAST_ORG_COOKIE)?.value;
  const org = orgs.find((o) => o.name === last)?.name ?? orgs[0]?.name;
  const envs = org ? await listEnvironments(actor, org) : [];
  return (
    <Shell user={user} orgs={orgs} org={org} envs={envs}>
      {children}
    </Shell>
  );
}
