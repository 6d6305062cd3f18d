"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { signIn } from "next-auth/react";
import type { FormAction } from "@/lib/actions/idle";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

export function SignUpForm({ action, invitation }: { action: FormAction<{ email: string }>; invitation?: string }) {
  const { state, onSubmit, pending, fields } = useFormAction(action);
  const password = useRef("");

  useEffect(() => {
    if (state.status !== "ok") return;
    // The server answers the same whether it created the account or one already had this
    // address; signing in with the password just typed tells the user which, and only them.
    const next = invitation ? `/invite/${invitation}` : "/";
    signIn("credentials", { email: state.data.email, password: password.current, redirect: false }).then((res) => {
      window.location.assign(res?.ok && !res.error ? next : `/sign-in?notice=signed-up&callbackUrl=${encodeURIComponent(next)}`);
    });
  }, [state, invitation]);

  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        password.current = String(new FormData(e.currentTarget).get("password") ?? "");
        onSubmit(e);
      }}
    >
      <div>
        <h1 className="text-lg font-semibold">Create your account</h1>
        <p className="mt-1 text-sm text-zinc-500">
          Already have one?{" "}
          <Link href={invitation ? `/sign-in?callbackUrl=${encodeURIComponent(`/invite/${invitation}`)}` : "/sign-in"} className="font-medium text-brand-600 hover:underline">
            Sign in
          </Link>
        </p>
      </div>
      {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
      {invitation && <p className="rounded-md bg-brand-50 px-3 py-2 text-xs text-brand-700">You are signing up through an invitation. Use the address it was sent to.</p>}
      {invitation && <input type="hidden" name="invitation" value={invitation} />}
      <Field label="Name" name="name" error={fields.name} hint="How your teammates see you.">
        <TextInput name="name" autoComplete="name" required maxLength={100} error={fields.name} />
      </Field>
      <Field label="Email" name="email" error={fields.email}>
        <TextInput name="email" type="email" autoComplete="email" required error={fields.email} />
      </Field>
      <Field label="Password" name="password" error={fields.password} hint="At least 10 characters.">
        <TextInput name="password" type="password" autoComplete="new-password" required error={fields.password} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending || state.status === "ok"}>
        {pending || state.status === "ok" ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
