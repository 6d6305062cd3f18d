// Client-safe: the initial state for useActionState (action-state.ts imports node:crypto).
import type { ActionState } from "./action-state";

export const IDLE = { status: "idle" } as ActionState<never>;

/**
 * A form's server action as a component receives it: pages pass actions down as props (bound to
 * their org or environment on the server), so components never import app/.
 */
export type FormAction<T> = (prev: ActionState<T>, form: FormData) => Promise<ActionState<T>>;
