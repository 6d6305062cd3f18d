import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { listOrganizations } from "@/lib/orgs/orgs";
import { getCurrentUser } from "@/lib/users/users";
import { Shell } from "@/components/console/shell";

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const [user, orgs] = await Promise.all([getCurrentUser(actor), listOrganizations(actor)]);
  if (!user) redirect("/sign-in");
  return (
    <Shell user={user} orgs={orgs}>
      {children}
    </Shell>
  );
}
