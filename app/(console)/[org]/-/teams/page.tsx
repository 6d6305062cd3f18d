import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getOrganization, listMembers } from "@/lib/orgs/orgs";
import { listTeams } from "@/lib/access/teams";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { Card, EmptyState } from "@/components/ui/card";
import { ActionForm } from "@/components/ui/action-form";
import { addTeamMemberAction, createTeamAction, deleteTeamAction, removeTeamMemberAction, renameTeamAction } from "./actions";

export const metadata: Metadata = { title: "Teams" };

const input = "min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm";

export default async function TeamsPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor();
  const org = await orNotFound(getOrganization(actor, (await params).org));
  const [teams, members] = await Promise.all([listTeams(actor, org.name), listMembers(actor, org.name)]);
  const admin = org.role === "admin";
  return (
    <>
      <PageHeader title="Teams" description="Groups of members that environment and project grants can name." />
      <div className="grid gap-6 lg:grid-cols-[1fr_320px]">
        <div className="min-w-0 space-y-4">
          {teams.length === 0 && <EmptyState title="No teams yet">{admin ? "Create one to grant access to several members at once." : "Admins can create teams."}</EmptyState>}
          {teams.map((t) => (
            <Card
              key={t.name}
              title={<span data-testid="team-name">{t.name}</span>}
              description={`${t.members.length} ${t.members.length === 1 ? "member" : "members"}`}
              actions={admin && (
                <ActionForm action={deleteTeamAction.bind(null, org.name)} submit="Delete" variant="quiet" confirm={`Delete ${t.name}? Its grants go with it.`}>
                  <input type="hidden" name="team" value={t.name} />
                </ActionForm>
              )}
            >
              <ul className="divide-y divide-zinc-100 text-sm">
                {t.members.map((email) => (
                  <li key={email} className="flex items-center justify-between gap-2 py-1.5">
                    <span className="min-w-0 truncate">{email}</span>
                    {admin && (
                      <ActionForm action={removeTeamMemberAction.bind(null, org.name)} submit="Remove" variant="quiet">
                        <input type="hidden" name="team" value={t.name} />
                        <input type="hidden" name="email" value={email} />
                      </ActionForm>
                    )}
                  </li>
                ))}
              </ul>
              {admin && (
                <div className="mt-3 space-y-2 border-t border-zinc-100 pt-3">
                  <ActionForm action={addTeamMemberAction.bind(null, org.name)} submit="Add">
                    <input type="hidden" name="team" value={t.name} />
                    <select name="email" aria-label={`Member to add to ${t.name}`} className={input} defaultValue="">
                      <option value="" disabled>Add a member…</option>
                      {members.filter((m) => !t.members.includes(m.email)).map((m) => (
                        <option key={m.email} value={m.email}>{m.email}</option>
                      ))}
                    </select>
                  </ActionForm>
                  <ActionForm action={renameTeamAction.bind(null, org.name)} submit="Rename">
                    <input type="hidden" name="team" value={t.name} />
                    <input name="name" aria-label={`New name for ${t.name}`} placeholder="New name" className={input} />
                  </ActionForm>
                </div>
              )}
            </Card>
          ))}
        </div>
        <Card title="Create a team">
          {admin ? (
            <ActionForm action={createTeamAction.bind(null, org.name)} submit="Create">
              <input name="name" aria-label="Team name" placeholder="platform" className={input} />
            </ActionForm>
          ) : (
            <p className="text-sm text-zinc-500">Only admins can change teams. Ask an admin of {org.name}.</p>
          )}
        </Card>
      </div>
    </>
  );
}
