import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getOrganization, listMembers } from "@/lib/orgs/orgs";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { AddMemberForm } from "@/components/orgs/add-member-form";
import { MemberActions, MemberRoleSelect } from "@/components/orgs/member-actions";
import { getCurrentUser } from "@/lib/users/users";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor();
  const org = await orNotFound(getOrganization(actor, decodeURIComponent((await params).org)));
  const [members, me] = await Promise.all([listMembers(actor, org.name), getCurrentUser(actor)]);
  return (
    <>
      <PageHeader title="Members" description={`People who can see and edit ${org.name}'s environments.`} />
      <div className="grid gap-6 lg:grid-cols-[1fr_320px]">
        <Card title={`${members.length} ${members.length === 1 ? "member" : "members"}`}>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-zinc-500">
                <th className="pb-2 font-medium">Email</th>
                <th className="pb-2 font-medium">Role</th>
                <th className="pb-2 font-medium">Joined</th>
                <th className="pb-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {members.map((m) => (
                <tr key={m.email}>
                  <td className="py-2">
                    <div className="font-medium">{m.email}</div>
                    {m.name && <div className="text-xs text-zinc-500">{m.name}</div>}
                  </td>
                  <td className="py-2">
                    {org.role === "admin" ? (
                      <MemberRoleSelect org={org.name} email={m.email} role={m.role} />
                    ) : (
                      <span className={`rounded-full px-2 py-0.5 text-xs ${m.role === "admin" ? "bg-brand-50 text-brand-700" : "bg-zinc-100 text-zinc-700"}`}>{m.role}</span>
                    )}
                  </td>
                  <td className="py-2 text-xs text-zinc-500"><RelativeTime iso={m.joinedAt} /></td>
                  <td className="py-2">
                    <MemberActions org={org.name} email={m.email} isSelf={m.email === me?.email} isAdmin={org.role === "admin"} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        {org.role === "admin" ? (
          <Card title="Add a member" description="They need a Ferry account first.">
            <AddMemberForm org={org.name} />
          </Card>
        ) : (
          <Card title="Add a member">
            <p className="text-sm text-zinc-500">Only admins can add members. Ask an admin of {org.name}.</p>
          </Card>
        )}
      </div>
    </>
  );
}
