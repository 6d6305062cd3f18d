import Link from "next/link";
import type { RevisionDto } from "@/lib/environments/environments";
import type { FormAction } from "@/lib/actions/idle";
import { RelativeTime } from "@/components/ui/relative-time";
import { MakeCurrentButton } from "./make-current-button";
import { TagChip } from "./tag-chip";

export function RevisionTable({ base, makeCurrent, revisions, head, canEdit }: {
  base: string;
  makeCurrent: FormAction<number>;
  revisions: RevisionDto[];
  head: number;
  canEdit: boolean;
}) {
  return (
    <div className="-mx-1 overflow-x-auto px-1">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-zinc-500">
            <th className="pb-2 font-medium">Revision</th>
            <th className="pb-2 font-medium">Message</th>
            <th className="pb-2 font-medium">Author</th>
            <th className="pb-2 font-medium">Saved</th>
            <th className="pb-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {revisions.map((r) => (
            <tr key={r.number} data-testid="revision-row" className="align-top">
              <td className="py-2 pr-3">
                <Link href={`${base}/revisions/${r.number}`} className="font-mono font-semibold text-brand-600 hover:underline">
                  {r.number}
                </Link>
                <div className="mt-1 flex flex-wrap gap-1">
                  {r.tags?.map((t) => <TagChip key={t} name={t} />)}
                </div>
              </td>
              <td className="py-2 pr-3">{r.message || <span className="text-zinc-400">No message</span>}</td>
              <td className="py-2 pr-3 text-zinc-600">{r.author ?? "deleted user"}</td>
              <td className="py-2 pr-3 text-xs text-zinc-500"><RelativeTime iso={r.createdAt} /></td>
              <td className="py-2 text-right whitespace-nowrap">
                {r.number !== head && (
                  <>
                    <Link href={`${base}/compare/${r.number}...${head}`} className="mr-2 text-xs font-medium text-brand-600 hover:underline">
                      Compare
                    </Link>
                    {canEdit && <MakeCurrentButton action={makeCurrent} revision={r.number} head={head} />}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
