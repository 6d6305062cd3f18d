"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

/** The sidebar's content behind a menu button on narrow screens (rendered only while open). */
export function MobileNav({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const path = usePathname();
  useEffect(() => setOpen(false), [path]);
  return (
    <div className="relative md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-label="Navigation"
        onClick={() => setOpen(!open)}
        className="rounded-md border border-zinc-200 px-2 py-1 text-sm"
      >
        ☰
      </button>
      {open && <div className="absolute left-0 z-30 mt-1 w-64 space-y-3 rounded-md border border-zinc-200 bg-zinc-50 p-3 shadow-lg">{children}</div>}
    </div>
  );
}
