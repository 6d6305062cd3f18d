"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const TABS = [
  { label: "Definition", path: "" },
  { label: "Revisions", path: "/revisions" },
  { label: "Cloud trust", path: "/trust" },
  { label: "Run commands", path: "/runs" },
  { label: "Leases", path: "/leases" },
  { label: "Access", path: "/access" },
  { label: "Settings", path: "/settings" },
];

export function EnvironmentTabs({ base }: { base: string }) {
  const pathname = decodeURIComponent(usePathname());
  const active = (path: string) =>
    path === "" ? pathname === base : pathname === base + path || pathname.startsWith(base + path + "/") || (path === "/revisions" && pathname.startsWith(base + "/compare"));
  const nav = useRef<HTMLElement>(null);
  // On a phone the strip scrolls sideways; bring the current tab into view.
  useEffect(() => {
    nav.current?.querySelector("[aria-current=page]")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [pathname]);
  return (
    <nav ref={nav} aria-label="Environment" className="flex gap-1 overflow-x-auto border-b border-zinc-200 whitespace-nowrap [scrollbar-width:thin]">
      {TABS.map((t) => (
        <Link
          key={t.path}
          href={base + t.path}
          aria-current={active(t.path) ? "page" : undefined}
          className="-mb-px shrink-0 border-b-2 border-transparent px-3 py-2 text-sm text-zinc-600 hover:text-zinc-900 aria-[current=page]:border-brand-600 aria-[current=page]:font-medium aria-[current=page]:text-zinc-900"
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
