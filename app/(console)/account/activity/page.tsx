import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listAccountActivity } from "@/lib/audit/account-activity";
import { PageHeader } from "@/components/ui/page-header";
import { Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";

export const metadata: Metadata = { title: "Account activity" };

const LABEL: Record<string, string> = { "user.sign-in": "Sign-in", "user.sign-up": "Sign-up" };

export default async function AccountActivityPage() {
  const actor = await requireActor();
  const events = await listAccountActivity(actor);
  return (
    <>
      <PageHeader
        title="Account activity"
        description="Sign-ins to your account, failed ones included, and attempts to sign up again with your address. They belong to no organization, so only you see them here."
      />
      <Card title={`Last ${events.length} ${events.length === 1 ? "event" : "events"}`}>
        {events.length === 0 ? (
          <EmptyState title="Nothing yet" />
        ) : (
          <div className="-mx-1 overflow-x-auto px-1">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-xs text-zinc-500">
                  <th className="pb-2 font-medium">When</th>
                  <th className="pb-2 font-medium">What</th>
                  <th className="pb-2 font-medium">Result</th>
                  <th className="pb-2 font-medium">From</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {events.map((e) => (
                  <tr key={e.id} data-testid="account-event">
                    <td className="py-2 text-xs text-zinc-500"><RelativeTime iso={e.at} /></td>
                    <td className="py-2">{LABEL[e.action] ?? e.action}</td>
                    <td className="py-2 text-xs">
                      {e.result === "allowed" ? <span className="text-emerald-700">succeeded</span> : <span className="text-red-700">refused{e.reason ? `: ${e.reason}` : ""}</span>}
                    </td>
                    <td className="py-2 text-xs text-zinc-500">
                      <div>{e.address ?? "unknown address"}</div>
                      {e.userAgent && <div className="max-w-md truncate" title={e.userAgent}>{e.userAgent}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
