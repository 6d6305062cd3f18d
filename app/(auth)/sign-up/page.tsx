import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { signUpAction } from "./actions";

export const metadata: Metadata = { title: "Create an account", referrer: "no-referrer" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { invitation } = await searchParams;
  const token = typeof invitation === "string" && /^fry_inv_[A-Za-z0-9_-]{1,100}$/.test(invitation) ? invitation : undefined;
  if (await getActor()) redirect(token ? `/invite/${token}` : "/");
  return <SignUpForm action={signUpAction} invitation={token} />;
}
