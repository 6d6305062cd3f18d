import type { LeaseDto } from "@/lib/leases/leases";
import type { ActionState } from "@/lib/actions/action-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { RevokeButton } from "@/components/tokens/revoke-button";

const STATE_STYLE: Record<LeaseDto["state"], string> = {
  pending: "bg-amber-50 text-amber-700",
  active: "bg-emerald-50 text-emerald-700",
  expired: "bg-zinc-100 text-zinc-600",
  revoked: "bg-zinc-100 text-zinc-600",
  revocation_failing: "bg-red-50 text-red-700",
};

const VIA: Record<LeaseDto["via"], string> = { console: "the console", api: "the API", cli: "the CLI", "run-token": "a run command" };

/** The ids people look for in the cloud's portal: the principal's client id first. */
function cloudIds(ids: Record<string, unknown>): string {
  const pick = ["clientId", "servicePrincipalId", "keyId", "roleArn", "accessKeyId"].filter((k) => typeof ids[k] === "string" && ids[k]);
  return pick.map((k) => `${k} ${ids[k] as string}`).join(" · ");
}

/**
 * Leases, newest first. `revoke` is the server action, bound here per lease; it is passed in
 * rather than imported so that components never import from app/.
 */
export function LeaseList({ leases, org, revoke, showEnvironment }: { leases: LeaseDto[]; org: string; revoke: (org: string, id: string) => Promise<ActionState<undefined>>; showEnvironment: boolean }) {
  return (
    <ul className="divide-y divide-zinc-100">
      {leases.map((l) => {
        const revocable = l.revocable && (l.state === "active" || l.state === "revocation_failing" || l.state === "pending");
        const ids = cloudIds(l.externalIds);
        return (
          <li key={l.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between" data-testid="lease">
            <div className="min-w-0 flex-1 space-y-0.5">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-mono text-xs font-medium text-zinc-800">{l.provider}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs ${STATE_STYLE[l.state]}`} data-testid="lease-state">
                  {l.state.replace("_", " ")}
                </span>
                {showEnvironment && (
                  <a className="font-mono text-xs text-brand-700 hover:underline" href={`/${org}/${l.project}/${l.environment}/leases`}>
                    {l.project}/{l.environment}
                  </a>
                )}
                <span className="text-xs text-zinc-500">revision {l.revision}</span>
              </div>
              <div className="text-xs text-zinc-500">
                Opened by {l.openedBy.user ?? "a removed user"} through {VIA[l.via]}
                {l.openedBy.runToken && <span className="font-mono"> {l.openedBy.runToken}</span>} · issued <RelativeTime iso={l.issuedAt} /> ·{" "}
                {l.state === "active" || l.state === "pending" ? "expires" : "was due"} <RelativeTime iso={l.expiresAt} />
                {l.renewable && l.maxExpiresAt && (
                  <>
                    {" "}
                    (at most <RelativeTime iso={l.maxExpiresAt} />)
                  </>
                )}
              </div>
              {ids && <div className="font-mono text-xs break-all text-zinc-600">{ids}</div>}
              <div className="font-mono text-[11px] text-zinc-400">lease {l.id}</div>
              {l.error && (
                <div className="text-xs text-red-700" data-testid="lease-error">
                  Clean-up failing: {l.error}
                </div>
              )}
              {!l.revocable && l.notRevocableReason && <div className="text-xs text-zinc-500">Not revocable: {l.notRevocableReason}</div>}
            </div>
            {revocable && (
              <div className="shrink-0">
                <RevokeButton
                  action={revoke.bind(null, org, l.id)}
                  label={`Revoke lease ${l.id}`}
                  confirmText={`Revoke this ${l.provider} lease? Ferry deletes its credentials in the cloud now.`}
                />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
