"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import type { EnvironmentSummaryDto } from "@/lib/environments/environments";
import { inputClass } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";

export function EnvironmentList({ org, envs }: { org: string; envs: EnvironmentSummaryDto[] }) {
  const [filter, setFilter] = useState("");
  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const map = new Map<string, EnvironmentSummaryDto[]>();
    for (const e of envs) {
      if (needle && !`${e.project}/${e.name}`.toLowerCase().includes(needle)) continue;
      map.set(e.project, [...(map.get(e.project) ?? []), e]);
    }
    return [...map.entries()];
  }, [envs, filter]);

  return (
    <div className="space-y-4">
      <input
        type="search"
        aria-label="Filter environments"
        placeholder="Filter environments…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        className={`${inputClass} max-w-sm`}
      />
      {groups.length === 0 && <p className="text-sm text-zinc-500">No environment matches “{filter}”.</p>}
      {groups.map(([project, list]) => (
        <section key={project} aria-labelledby={`project-${project}`} className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
          <h2 id={`project-${project}`} className="border-b border-zinc-100 bg-zinc-50 px-4 py-2 text-xs font-semibold uppercase tracking-wider text-zinc-600">
            <Link href={`/${org}/${project}`} className="hover:underline">{project}</Link>
          </h2>
          <ul className="divide-y divide-zinc-100">
            {list.map((e) => (
              <li key={e.name}>
                <Link href={`/${org}/${e.project}/${e.name}`} className="flex items-center justify-between gap-4 px-4 py-2.5 hover:bg-zinc-50">
                  <span className="font-mono text-sm text-zinc-900">
                    <span className="text-zinc-400">{org}/{e.project}/</span>
                    {e.name}
                  </span>
                  <span className="flex items-center gap-4 text-xs text-zinc-500">
                    <span>revision {e.headRevision}</span>
                    <RelativeTime iso={e.updatedAt} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
