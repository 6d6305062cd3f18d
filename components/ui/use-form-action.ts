"use client";

// Runs a server action from a form's submit event. Unlike <form action={...}>, this does not
// reset the form afterwards, so a rejected submission keeps everything the user typed.
// A request that never reaches the server (offline, console restarting) rejects instead of
// returning a state; it becomes an error state too, so the form says so and re-enables.
import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionState } from "@/lib/actions/action-state";
import { IDLE } from "@/lib/actions/idle";

export const UNREACHABLE = "The request did not reach the server. Nothing was changed and your input is still here; check the connection and try again.";

export function useFormAction<T>(action: (prev: ActionState<T>, form: FormData) => Promise<ActionState<T>>) {
  const safe = async (prev: ActionState<T>, form: FormData): Promise<ActionState<T>> => {
    try {
      return await action(prev, form);
    } catch (e) {
      // Next's redirect()/notFound() travel as errors with a digest; they are not failures.
      if (e && typeof e === "object" && "digest" in e) throw e;
      return { status: "error", message: UNREACHABLE };
    }
  };
  const [state, dispatch, pending] = useActionState(safe, IDLE as ActionState<T>);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(() => dispatch(form));
  };
  const fields = state.status === "error" ? (state.fields ?? {}) : {};
  return { state, onSubmit, pending, fields };
}
