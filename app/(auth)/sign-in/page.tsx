import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  if (await getActor()) redirect("/");
  const { error, callbackUrl } = await searchParams;
  return <SignInForm initialError={error} callbackUrl={safeCallback(callbackUrl)} />;
}

/** Only same-site paths: an open redirect after sign-in is a phishing tool. */
function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}
