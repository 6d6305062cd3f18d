"use client";

import { signOut } from "next-auth/react";

export function UserMenu({ email, name }: { email: string; name: string | null }) {
  const initial = (name || email).charAt(0).toUpperCase();
  return (
    <details className="group relative">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100"
        aria-label="User menu"
        title={email}
      >
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">{initial}</span>
        <span className="hidden max-w-48 truncate sm:inline">{name || email}</span>
        <span aria-hidden className="text-zinc-400">▾</span>
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-zinc-200 bg-white py-1 shadow-lg">
        <div className="border-b border-zinc-100 px-3 py-2">
          <p className="truncate text-sm font-medium">{name || email}</p>
          {name && <p className="truncate text-xs text-zinc-500">{email}</p>}
        </div>
        <a href="/orgs/new" className="block px-3 py-1.5 text-sm hover:bg-zinc-50">
          New organization
        </a>
        <a href="/account/tokens" className="block px-3 py-1.5 text-sm hover:bg-zinc-50">
          Tokens
        </a>
        <a href="/account/activity" className="block px-3 py-1.5 text-sm hover:bg-zinc-50">
          Activity
        </a>
        <button
          type="button"
          onClick={() => signOut({ callbackUrl: "/sign-in" })}
          className="block w-full px-3 py-1.5 text-left text-sm hover:bg-zinc-50"
        >
          Sign out
        </button>
      </div>
    </details>
  );
}
