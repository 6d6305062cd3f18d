import type { RunTokenDto } from "@/lib/runs/run-tokens";
import { shellQuote } from "@/lib/common/command-line";
import type { ActionState } from "@/lib/actions/action-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { RevokeButton } from "@/components/tokens/revoke-button";

const STATUS_STYLE = {
  active: "bg-emerald-50 text-emerald-700",
  used: "bg-brand-50 text-brand-700",
  expired: "bg-zinc-100 text-zinc-600",
  revoked: "bg-red-50 text-red-700",
} as const;

const OUTCOME_LABEL: Record<string, string> = {
  redeemed: "Redeemed",
  used: "Refused: already used",
  expired: "Refused: expired",
  revoked: "Refused: revoked",
  forbidden: "Refused: creator lost access",
  failed: "Failed to open (use given back)",
};

export function RunTokenList({ revoke, tokens }: { revoke: (id: string) => Promise<ActionState<undefined>>; tokens: RunTokenDto[] }) {
  return (
    <ul className="divide-y divide-zinc-100">
      {tokens.map((t) => (
        <li key={t.id} className="py-3" data-testid="run-token">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div className="min-w-0 space-y-0.5">
              <div className="flex items-center gap-2 text-sm">
                <span className="font-mono text-xs text-zinc-600">{t.prefix}…</span>
                <span className={`rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[t.status]}`} data-testid="run-token-status">
                  {t.status}
                </span>
                <span className="text-xs text-zinc-500">
                  revision {t.revision} · {t.uses}/{t.maxUses} {t.maxUses === 1 ? "use" : "uses"}
                </span>
              </div>
              <div className="text-xs text-zinc-500">
                Created by {t.createdBy} <RelativeTime iso={t.createdAt} /> · {t.status === "revoked" && t.revokedAt ? <>revoked <RelativeTime iso={t.revokedAt} /></> : <>expires <RelativeTime iso={t.expiresAt} /></>}
              </div>
              {t.command && <div className="truncate font-mono text-xs text-zinc-700">$ {t.command.map(shellQuote).join(" ")}</div>}
            </div>
            {t.canRevoke && (
              <RevokeButton action={revoke.bind(null, t.id)} label={`Revoke run command ${t.prefix}`} confirmText="Revoke this run command? Its line stops working at once." />
            )}
          </div>
          {t.attempts.length > 0 && (
            <ul className="mt-2 space-y-1 border-l-2 border-zinc-100 pl-3" aria-label="Redemption attempts">
              {t.attempts.map((a, i) => (
                <li key={i} className="text-xs text-zinc-600" data-testid="run-token-attempt">
                  <span className={a.outcome === "redeemed" ? "font-medium text-emerald-700" : "text-red-700"}>{OUTCOME_LABEL[a.outcome] ?? a.outcome}</span>{" "}
                  <RelativeTime iso={a.createdAt} /> from {a.address ?? "unknown address"}
                  {a.userAgent && <span className="text-zinc-400"> · {a.userAgent}</span>}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
