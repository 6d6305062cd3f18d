// The body every signed-in server action shares: who is acting, the work through runAction's
// error mapping, and on success a message, the pages to refresh and where to go next. Actions
// stay thin functions with their own signatures (the hostile-input suite calls each by name);
// this only removes the lines they all repeated.
import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "../auth/session";
import type { Actor } from "../auth/actor";
import { runAction, type ActionState } from "./action-state";

/** A path to revalidate: the page at it, or (`{ layout }`) everything under that layout. */
export type Revalidation = string | { layout: string };

export interface AuthedActionOptions<T> {
  /** the success message: fixed, or made from the work's result */
  message?: string | ((data: T) => string);
  /**
   * what to revalidate after the work succeeded, in order. A function, called only then: the
   * paths are made from the action's arguments, which are untrusted until the work has validated
   * them (a hostile `ref` must come back as the work's error message, not throw here first).
   */
  revalidate?: () => Revalidation | Revalidation[];
  /** after revalidating, go here (a redirect ends the action; the form never sees the result) */
  redirectTo?: (data: T) => string;
}

/**
 * Runs `work` for the signed-in user. Signing in is checked before the work and outside the error
 * mapping, as every action did by hand: without a session requireActor redirects to sign-in.
 */
export async function authedAction<T>(work: (actor: Actor) => Promise<T>, options: AuthedActionOptions<T> = {}): Promise<ActionState<T>> {
  const actor = await requireActor();
  const { message, revalidate, redirectTo } = options;
  const result = await runAction(() => work(actor), typeof message === "string" ? message : undefined);
  if (result.status !== "ok") return result;
  if (typeof message === "function") result.message = message(result.data);
  const paths = revalidate?.() ?? [];
  for (const r of Array.isArray(paths) ? paths : [paths]) {
    if (typeof r === "string") revalidatePath(r);
    else revalidatePath(r.layout, "layout");
  }
  if (redirectTo) redirect(redirectTo(result.data));
  return result;
}
