"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { EnvironmentSummaryDto } from "@/lib/environments/environments";

function groupByProject(envs: EnvironmentSummaryDto[]) {
  const groups = new Map<string, EnvironmentSummaryDto[]>();
  for (const e of envs) groups.set(e.project, [...(groups.get(e.project) ?? []), e]);
  return [...groups.entries()];
}

export function SidebarNav({ org, envs }: { org: string; envs: EnvironmentSummaryDto[] }) {
  const path = usePathname();
  const link = (href: string, label: string, exact = true) => {
    const active = exact ? path === href : path.startsWith(href);
    return (
      <Link
        href={href}
        aria-current={active ? "page" : undefined}
        className="block truncate rounded-md px-2.5 py-1.5 text-sm text-zinc-700 hover:bg-zinc-200/60 aria-[current=page]:bg-white aria-[current=page]:font-medium aria-[current=page]:text-zinc-900 aria-[current=page]:shadow-xs"
      >
        {label}
      </Link>
    );
  };
  return (
    <nav aria-label="Console" className="space-y-5">
      <div className="space-y-0.5">
        {link(`/${org}`, "Environments")}
        {link(`/${org}/-/leases`, "Leases")}
        {link(`/${org}/-/members`, "Members")}
        {link(`/${org}/-/teams`, "Teams")}
        {link(`/${org}/-/audit`, "Audit log")}
        {link(`/${org}/-/settings`, "Settings")}
      </div>
      <div>
        <h2 className="px-2.5 pb-1 text-[11px] font-semibold uppercase tracking-wider text-zinc-500">Projects</h2>
        {envs.length === 0 ? (
          <p className="px-2.5 text-xs text-zinc-500">No environments yet.</p>
        ) : (
          <ul className="space-y-2">
            {groupByProject(envs).map(([project, list]) => (
              <li key={project}>
                {link(`/${org}/${project}`, project)}
                <ul className="ml-3 border-l border-zinc-200 pl-1.5">
                  {list.map((e) => (
                    <li key={e.name}>{link(`/${org}/${project}/${e.name}`, e.name, false)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </div>
    </nav>
  );
}
