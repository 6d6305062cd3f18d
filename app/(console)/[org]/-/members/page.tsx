import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getOrganization, listMembers } from "@/lib/orgs/orgs";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { InviteMemberForm } from "@/components/orgs/invite-member-form";
import { RevokeButton } from "@/components/tokens/revoke-button";
import { listInvitations, type InvitationDto } from "@/lib/orgs/invitations";
import { MemberActions, MemberRoleSelect } from "@/components/orgs/member-actions";
import { getCurrentUser } from "@/lib/users/users";
import { changeRoleAction, inviteMemberAction, removeMemberAction, revokeInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor();
  const org = await orNotFound(getOrganization(actor, (await params).org));
  const [members, me] = await Promise.all([listMembers(actor, org.name), getCurrentUser(actor)]);
  const invitations = org.role === "admin" ? await listInvitations(actor, org.name) : [];
  return (
    <>
      <PageHeader title="Members" description={`People who can see and edit ${org.name}'s environments.`} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
        <Card title={`${members.length} ${members.length === 1 ? "member" : "members"}`}>
          <div className="-mx-1 overflow-x-auto px-1">
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
                        <MemberRoleSelect action={changeRoleAction.bind(null, org.name)} email={m.email} role={m.role} />
                      ) : (
                        <span className={`rounded-full px-2 py-0.5 text-xs ${m.role === "admin" ? "bg-brand-50 text-brand-700" : "bg-zinc-100 text-zinc-700"}`}>{m.role}</span>
                      )}
                    </td>
                    <td className="py-2 text-xs text-zinc-500"><RelativeTime iso={m.joinedAt} /></td>
                    <td className="py-2">
                      <MemberActions action={removeMemberAction.bind(null, org.name)} org={org.name} email={m.email} isSelf={m.email === me?.email} isAdmin={org.role === "admin"} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        {org.role === "admin" ? (
          <Card title="Invite a member" description="You get a link to send them. They sign in (or create an account) with the invited address and accept.">
            <InviteMemberForm action={inviteMemberAction.bind(null, org.name)} />
          </Card>
        ) : (
          <Card title="Invite a member">
            <p className="text-sm text-zinc-500">Only admins can invite members. Ask an admin of {org.name}.</p>
          </Card>
        )}
        {org.role === "admin" && <PendingInvitations org={org.name} invitations={invitations} />}
      </div>
    </>
  );
}

function PendingInvitations({ org, invitations }: { org: string; invitations: InvitationDto[] }) {
  return (
    <Card title={`${invitations.length} pending ${invitations.length === 1 ? "invitation" : "invitations"}`} className="lg:col-span-2">
      {invitations.length === 0 ? (
        <p className="text-sm text-zinc-500">Nobody is invited right now.</p>
      ) : (
        <div className="-mx-1 overflow-x-auto px-1">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-zinc-500">
                <th className="pb-2 pr-4 font-medium">Email</th>
                <th className="pb-2 pr-4 font-medium">Role</th>
                <th className="pb-2 pr-4 font-medium">Invited by</th>
                <th className="pb-2 pr-4 font-medium">Expires</th>
                <th className="pb-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {invitations.map((i) => (
                <tr key={i.id} data-testid="pending-invitation">
                  <td className="whitespace-nowrap py-2 pr-4 font-medium">{i.email}</td>
                  <td className="py-2 pr-4 text-xs">{i.role}</td>
                  <td className="whitespace-nowrap py-2 pr-4 text-xs text-zinc-500">{i.invitedBy ?? "(deleted user)"}</td>
                  <td className="whitespace-nowrap py-2 pr-4 text-xs text-zinc-500">{i.expired ? <span className="text-red-700">expired</span> : <RelativeTime iso={i.expiresAt} />}</td>
                  <td className="py-2 text-right">
                    <RevokeButton action={revokeInvitationAction.bind(null, org, i.id)} label={`Revoke the invitation of ${i.email}`} confirmText={`Revoke the invitation of ${i.email}? Its link stops working at once.`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
