import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listAccessTokens } from "@/lib/tokens/access-tokens";
import { PageHeader } from "@/components/ui/page-header";
import { Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { RevokeButton } from "@/components/tokens/revoke-button";
import { createAccessTokenAction, revokeAccessTokenAction } from "./actions";

export const metadata: Metadata = { title: "Access tokens" };

const STATUS_STYLE = {
  active: "bg-emerald-50 text-emerald-700",
  expired: "bg-zinc-100 text-zinc-600",
  revoked: "bg-red-50 text-red-700",
} as const;

export default async function TokensPage() {
  const actor = await requireActor();
  const tokens = await listAccessTokens(actor);
  return (
    <>
      <PageHeader
        title="Personal access tokens"
        description="Tokens let the ferry CLI and scripts act as you through the API. Revoking one stops it at once."
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
        <Card title={`${tokens.length} ${tokens.length === 1 ? "token" : "tokens"}`}>
          {tokens.length === 0 ? (
            <EmptyState title="No tokens yet">Create one to log in with the ferry CLI.</EmptyState>
          ) : (
            <div className="-mx-1 overflow-x-auto px-1">
              <table className="w-full text-sm">
                <thead>
                  <tr className="text-left text-xs text-zinc-500">
                    <th className="pb-2 font-medium">Name</th>
                    <th className="pb-2 font-medium">Created</th>
                    <th className="pb-2 font-medium">Last used</th>
                    <th className="pb-2 font-medium">Expires</th>
                    <th className="pb-2 font-medium">Status</th>
                    <th className="pb-2" />
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {tokens.map((t) => (
                    <tr key={t.id} data-testid="access-token">
                      <td className="py-2">
                        <div className="font-medium">{t.name}</div>
                        <div className="font-mono text-xs text-zinc-500">{t.prefix}…</div>
                      </td>
                      <td className="py-2 text-xs text-zinc-500"><RelativeTime iso={t.createdAt} /></td>
                      <td className="py-2 text-xs text-zinc-500">{t.lastUsedAt ? <RelativeTime iso={t.lastUsedAt} /> : "never"}</td>
                      <td className="py-2 text-xs text-zinc-500">{t.expiresAt ? <RelativeTime iso={t.expiresAt} /> : "never"}</td>
                      <td className="py-2">
                        <span className={`rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[t.status]}`}>{t.status}</span>
                      </td>
                      <td className="py-2 text-right">
                        {t.status === "active" && (
                          <RevokeButton action={revokeAccessTokenAction.bind(null, t.id)} label={`Revoke ${t.name}`} confirmText={`Revoke the token “${t.name}”? Anything using it stops working at once.`} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title="Create a token">
          <CreateTokenForm action={createAccessTokenAction} />
        </Card>
      </div>
    </>
  );
}
