import type { RevisionDto } from "@/lib/environments/environments";
import { RelativeTime } from "@/components/ui/relative-time";

export function RevisionList({ revisions }: { revisions: RevisionDto[] }) {
  return (
    <ol className="space-y-3" aria-label="Revision history">
      {revisions.map((r, i) => (
        <li key={r.number} className="flex gap-3" data-testid="revision">
          <span className={`mt-0.5 flex h-6 min-w-6 items-center justify-center rounded-full px-1.5 text-xs font-semibold ${i === 0 ? "bg-brand-600 text-white" : "bg-zinc-100 text-zinc-700"}`}>
            {r.number}
          </span>
          <div className="min-w-0 text-xs">
            <p className="truncate text-sm text-zinc-900">{r.message || <span className="text-zinc-400">No message</span>}</p>
            <p className="text-zinc-500">
              {r.author ?? "deleted user"} · <RelativeTime iso={r.createdAt} />
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
