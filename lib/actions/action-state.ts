// The shape every server action returns to its form, and the wrapper that turns failures into
// it. Expected failures (AppError) show their message; anything else is logged with a reference
// and shown as a generic message, so exception text (SQL, paths, secrets) never reaches users.
import { randomBytes } from "node:crypto";
import { isAppError } from "../errors";

export type ActionState<T = undefined> =
  | { status: "idle" }
  | { status: "ok"; data: T; message?: string }
  | { status: "error"; message: string; fields?: Record<string, string> };


export function unexpectedError(e: unknown): { message: string; ref: string } {
  const ref = randomBytes(4).toString("hex");
  console.error(`[ferry] unexpected error ref=${ref}`, e);
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

/** FormData → plain object of its string fields (files are not accepted anywhere yet). */
export function formFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}
