import Link from "next/link";
import type { ReactNode } from "react";
import type { OrganizationDto } from "@/lib/orgs/orgs";
import type { EnvironmentSummaryDto } from "@/lib/environments/environments";
import type { UserDto } from "@/lib/users/users";
import { Logo } from "@/components/ui/card";
import { OrgSwitcher } from "./org-switcher";
import { SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";
import { MobileNav } from "./mobile-nav";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export function Shell({ user, orgs, org, envs, children }: {
  user: UserDto;
  orgs: OrganizationDto[];
  org?: string;
  envs?: EnvironmentSummaryDto[];
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col gap-4 overflow-y-auto border-r border-zinc-200 bg-zinc-100/70 px-3 py-4 md:flex">
        <Link href="/" className="px-1.5">
          <Logo />
        </Link>
        <OrgSwitcher current={org} orgs={orgs} />
        {org && <SidebarNav org={org} envs={envs ?? []} />}
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-13 items-center justify-between gap-4 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <MobileNav>
              <OrgSwitcher current={org} orgs={orgs} />
              {org && <SidebarNav org={org} envs={envs ?? []} />}
            </MobileNav>
            <Link href="/" className="md:hidden">
              <Logo />
            </Link>
            {org && (
              <nav aria-label="Breadcrumb" className="truncate text-sm text-zinc-500">
                <Link href={`/${org}`} className="font-medium text-zinc-800 hover:underline">
                  {org}
                </Link>
              </nav>
            )}
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <ThemeToggle />
            <UserMenu email={user.email} name={user.name} />
          </div>
        </header>
        <main className="mx-auto w-full min-w-0 max-w-6xl flex-1 px-4 py-6 sm:px-6">{children}</main>
      </div>
    </div>
  );
}
