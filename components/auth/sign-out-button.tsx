"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton({ callbackUrl }: { callbackUrl: string }) {
  return (
    <Button type="button" variant="secondary" className="w-full" onClick={() => signOut({ callbackUrl })}>
      Sign out and switch account
    </Button>
  );
}
