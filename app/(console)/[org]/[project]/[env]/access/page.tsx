import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment } from "@/lib/environments/environments";
import { listEnvironmentAccess } from "@/lib/access/grants";
import { listTeams } from "@/lib/access/teams";
import type { Reason } from "@/lib/access/effective-right";
import { RIGHTS } from "@/lib/access/rights";
import { orNotFound } from "@/lib/next/page-data";
import { Card } from "@/components/ui/card";
import { ActionForm } from "@/components/ui/action-form";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";
import { grantAccessAction, revokeAccessAction } from "./actions";

export const metadata: Metadata = { title: "Access" };

const input = "min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm";

function why(r: Reason, defaultPermission: string): string {
  if (r.source === "admin") return "organization admin";
  if (r.source === "default") return `organization default (${defaultPermission})${r.applies ? "" : ", replaced by a grant"}`;
  const on = r.scope === "project" ? "the project" : "this environment";
  return r.source === "team" ? `team ${r.team}, on ${on}` : `granted on ${on}`;
}

export default async function EnvironmentAccessPage({ params }: { params: EnvironmentParams }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const env = await orNotFound(getEnvironment(actor, ref));
  const [access, teams] = await Promise.all([listEnvironmentAccess(actor, ref), listTeams(actor, ref.org)]);
  const canManage = env.right === "admin";
  const envGrants = access.grants.filter((g) => g.scope === "environment");
  return (
    <div className="space-y-6">
      <Card title="Who has what" description="Each member's right on this environment and why. The highest applying grant wins; the organization default applies only where no grant names someone.">
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="access-table">
            <thead>
              <tr className="text-left text-xs text-zinc-500">
                <th className="pb-2 font-medium">Member</th>
                <th className="pb-2 font-medium">Right</th>
                <th className="pb-2 font-medium">Why</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {access.members.map((m) => (
                <tr key={m.email} data-testid={`access-${m.email}`}>
                  <td className="py-2 pr-3 font-medium break-all">{m.email}</td>
                  <td className="py-2 pr-3">{m.right ?? "none"}</td>
                  <td className="py-2 text-xs text-zinc-500">
                    {m.reasons.length === 0 ? "no grant, and the organization default is none" : m.reasons.map((r) => <div key={why(r, access.defaultPermission)} className={r.applies ? "" : "line-through"}>{r.right}: {why(r, access.defaultPermission)}</div>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="Grants on this environment" description={canManage ? "Set a member's or a team's right here; it replaces the organization default for them." : "Only admins of this environment can change grants."}>
        <ul className="divide-y divide-zinc-100 text-sm">
          {envGrants.length === 0 && <li className="py-1.5 text-zinc-500">No grants on this environment.</li>}
          {envGrants.map((g) => {
            const key = g.user ? `user:${g.user}` : `team:${g.team}`;
            return (
              <li key={key} className="flex items-center justify-between gap-2 py-1.5">
                <span className="break-all">{g.user ?? `team ${g.team}`}: <strong>{g.permission}</strong></span>
                {canManage && (
                  <ActionForm action={revokeAccessAction.bind(null, ref)} submit="Remove" variant="quiet">
                    <input type="hidden" name="grantee" value={key} />
                  </ActionForm>
                )}
              </li>
            );
          })}
        </ul>
        {canManage && (
          <div className="mt-3 border-t border-zinc-100 pt-3">
            <ActionForm action={grantAccessAction.bind(null, ref)} submit="Grant" pendingLabel="Granting…">
              <select name="grantee" aria-label="Member or team" className={input} defaultValue="">
                <option value="" disabled>Member or team…</option>
                {access.members.filter((m) => m.role !== "admin").map((m) => (
                  <option key={m.email} value={`user:${m.email}`}>{m.email}</option>
                ))}
                {teams.map((t) => (
                  <option key={t.name} value={`team:${t.name}`}>team {t.name}</option>
                ))}
              </select>
              <select name="permission" aria-label="Permission" className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm" defaultValue="reader">
                {RIGHTS.map((r) => (
                  <option key={r} value={r}>{r}</option>
                ))}
              </select>
            </ActionForm>
          </div>
        )}
      </Card>
    </div>
  );
}
