// When the editor starts a live check after a change.

/** Longest wait for a pause in typing before a live check starts. */
export const MAX_CHECK_DEBOUNCE_MS = 60;

/**
 * How long to wait for a pause before checking: about as long as the last check took. Waiting
 * up to c ms for the next keystroke risks no more than the c ms a superseded check would waste,
 * so a definition that checks in a few milliseconds is checked on every change, and a heavy one
 * still waits for the user to pause (capped at 60 ms).
 */
export function checkDebounceMs(lastCheckMs: number | undefined): number {
  if (lastCheckMs === undefined || !Number.isFinite(lastCheckMs)) return MAX_CHECK_DEBOUNCE_MS;
  return Math.min(MAX_CHECK_DEBOUNCE_MS, Math.max(0, Math.round(lastCheckMs)));
}
