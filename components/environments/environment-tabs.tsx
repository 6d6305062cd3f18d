"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { label: "Definition", path: "" },
  { label: "Revisions", path: "/revisions" },
  { label: "Cloud trust", path: "/trust" },
  { label: "Run commands", path: "/runs" },
  { label: "Settings", path: "/settings" },
];

export function EnvironmentTabs({ base }: { base: string }) {
  const pathname = decodeURIComponent(usePathname());
  const active = (path: string) =>
    path === "" ? pathname === base : pathname === base + path || pathname.startsWith(base + path + "/") || (path === "/revisions" && pathname.startsWith(base + "/compare"));
  return (
    <nav aria-label="Environment" className="flex gap-1 overflow-x-auto border-b border-zinc-200 whitespace-nowrap">
      {TABS.map((t) => (
        <Link
          key={t.path}
          href={base + t.path}
          aria-current={active(t.path) ? "page" : undefined}
          className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm text-zinc-600 hover:text-zinc-900 aria-[current=page]:border-brand-600 aria-[current=page]:font-medium aria-[current=page]:text-zinc-900"
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
