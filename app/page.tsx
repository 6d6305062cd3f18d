import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { listOrganizations } from "@/lib/orgs/orgs";

export default async function Home() {
  const actor = await requireActor();
  const orgs = await listOrganizations(actor);
  redirect(orgs.length > 0 ? `/${orgs[0].name}` : "/orgs/new");
}
