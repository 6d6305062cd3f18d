import Link from "next/link";
import type { OrganizationDto } from "@/lib/orgs/orgs";

export function OrgSwitcher({ current, orgs }: { current?: string; orgs: OrganizationDto[] }) {
  return (
    <details className="relative">
      <summary
        className="flex cursor-pointer list-none items-center justify-between rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-sm font-medium hover:border-zinc-300"
        aria-label="Switch organization"
      >
        <span className="flex min-w-0 items-center gap-2">
          <span className="flex h-5 w-5 shrink-0 items-center justify-center rounded bg-brand-600 text-[10px] font-bold text-white">
            {(current ?? "?").charAt(0).toUpperCase()}
          </span>
          <span className="truncate">{current ?? "Choose organization"}</span>
        </span>
        <span aria-hidden className="text-zinc-400">⇅</span>
      </summary>
      <div className="absolute left-0 right-0 z-20 mt-1 rounded-md border border-zinc-200 bg-white py-1 shadow-lg">
        {orgs.map((o) => (
          <Link
            key={o.name}
            href={`/${o.name}`}
            aria-current={o.name === current ? "page" : undefined}
            className="flex items-center justify-between px-3 py-1.5 text-sm hover:bg-zinc-50 aria-[current=page]:font-semibold"
          >
            <span className="truncate">{o.name}</span>
            <span className="text-xs text-zinc-400">{o.role}</span>
          </Link>
        ))}
        <Link href="/orgs/new" className="block border-t border-zinc-100 px-3 py-1.5 text-sm text-brand-600 hover:bg-zinc-50">
          + New organization
        </Link>
      </div>
    </details>
  );
}
