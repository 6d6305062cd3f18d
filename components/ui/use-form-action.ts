"use client";

// Runs a server action from a form's submit event. Unlike <form action={...}>, this does not
// reset the form afterwards, so a rejected submission keeps everything the user typed.
import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionState } from "@/lib/actions/action-state";
import { IDLE } from "@/lib/actions/idle";

export function useFormAction<T>(action: (prev: ActionState<T>, form: FormData) => Promise<ActionState<T>>) {
  const [state, dispatch, pending] = useActionState(action, IDLE as ActionState<T>);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(() => dispatch(form));
  };
  const fields = state.status === "error" ? (state.fields ?? {}) : {};
  return { state, onSubmit, pending, fields };
}
