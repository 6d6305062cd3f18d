"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { signInErrorMessage } from "./messages";
import { signInWithCredentials } from "./credentials-sign-in";
import { UNREACHABLE } from "@/components/ui/use-form-action";

export function SignInForm({ initialError, notice, callbackUrl }: { initialError?: string; notice?: string; callbackUrl: string }) {
  const [error, setError] = useState(signInErrorMessage(initialError));
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(undefined);
    const outcome = await signInWithCredentials(String(form.get("email") ?? ""), String(form.get("password") ?? ""), callbackUrl);
    if (outcome.ok) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError("unreachable" in outcome ? UNREACHABLE : signInErrorMessage(outcome.error));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <h1 className="text-lg font-semibold">Sign in to Ferry</h1>
        <p className="mt-1 text-sm text-zinc-500">
          New here?{" "}
          <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
            Create an account
          </Link>
        </p>
      </div>
      {error ? <Alert>{error}</Alert> : notice && <Alert tone="info">{notice}</Alert>}
      <Field label="Email" name="email">
        <TextInput name="email" type="email" autoComplete="email" required autoFocus />
      </Field>
      <Field label="Password" name="password">
        <TextInput name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
