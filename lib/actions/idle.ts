// Client-safe: the initial state for useActionState (action-state.ts imports node:crypto).
import type { ActionState } from "./action-state";

export const IDLE = { status: "idle" } as ActionState<never>;
