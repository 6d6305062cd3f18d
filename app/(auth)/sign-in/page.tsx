import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { SignInForm } from "@/components/auth/sign-in-form";
import { config } from "@/lib/config";
import { sameOriginPath } from "@/lib/validation/redirect";
import { SIGN_UP_DONE } from "@/lib/users/users";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  if (await getActor()) redirect("/");
  const { error, callbackUrl, notice } = await searchParams;
  return <SignInForm initialError={error} notice={notice === "signed-up" ? SIGN_UP_DONE : undefined} callbackUrl={sameOriginPath(typeof callbackUrl === "string" ? callbackUrl : undefined, config().url)} />;
}
