"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { signIn } from "next-auth/react";
import { signUpAction } from "@/app/(auth)/sign-up/actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, TextInput } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";

export function SignUpForm() {
  const { state, onSubmit, pending, fields } = useFormAction(signUpAction);
  const password = useRef("");

  useEffect(() => {
    if (state.status !== "ok") return;
    // The account exists now; sign in with the password the user just typed.
    signIn("credentials", { email: state.data.email, password: password.current, redirect: false }).then((res) => {
      window.location.assign(res?.ok ? "/" : "/sign-in");
    });
  }, [state]);

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
          <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
            Sign in
          </Link>
        </p>
      </div>
      {state.status === "error" && !state.fields && <Alert>{state.message}</Alert>}
      <Field label="Name (optional)" name="name" error={fields.name}>
        <TextInput name="name" autoComplete="name" error={fields.name} />
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
