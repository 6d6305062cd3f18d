// Hostile cases that still fail because their fix belongs to work not yet done. They stay in the
// suite so that the fix is proven by it: a listed case that starts passing fails the suite until
// it is removed from this list. Keys: "<route or action> <method> <label>"; values: who owns it.
export const KNOWN_ELSEWHERE: Record<string, string> = {};

export const knownKey = (route: string, method: string, label: string) => `${route} ${method} ${label}`;

/** The work a failing case is waiting for, if it is a known one. */
export function knownFailure(route: string, method: string, label: string): string | undefined {
  return KNOWN_ELSEWHERE[knownKey(route, method, label)];
}
