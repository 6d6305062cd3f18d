// The shape every server action returns to its form, and the wrapper that turns failures into
// it. Expected failures (AppError) show their message; anything else is logged with a reference
// and shown as a generic message, so exception text (SQL, paths, secrets) never reaches users.
import "server-only";
import { AppError, isAppError } from "../errors";
import { logUnexpected } from "../ops/log";

export type ActionState<T = undefined> =
  | { status: "idle" }
  | { status: "ok"; data: T; message?: string }
  | { status: "error"; message: string; fields?: Record<string, string> };


export function unexpectedError(e: unknown): { message: string; ref: string } {
  const ref = logUnexpected(e, "action");
  return { ref, message: `Something went wrong (ref ${ref}). Try again, or give the reference to your administrator.` };
}

export async function runAction<T>(fn: () => Promise<T>, okMessage?: string): Promise<ActionState<T>> {
  try {
    return { status: "ok", data: await fn(), message: okMessage };
  } catch (e) {
    // redirect() and notFound() signal by throwing; let Next handle them.
    if (isNextControlFlow(e)) throw e;
    if (isAppError(e)) return { status: "error", message: e.message, fields: e.fields };
    return { status: "error", message: unexpectedError(e).message };
  }
}

function isNextControlFlow(e: unknown): boolean {
  const digest = (e as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK"));
}

/**
 * FormData → plain object of its string fields (files are not accepted anywhere yet). A server
 * action's arguments arrive as whatever the caller encoded, so anything but a FormData is refused
 * here, inside runAction, as a message rather than a TypeError.
 */
export function formFields(form: unknown): Record<string, string> {
  if (!(form instanceof FormData)) throw new AppError("invalid_input", "The form did not arrive as a form. Reload the page and try again.");
  const entries: [string, string][] = [];
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) entries.push([k, v]);
  // fromEntries keeps a field named "__proto__" an ordinary (ignored) key.
  return Object.fromEntries(entries);
}
