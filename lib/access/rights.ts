// The rights on an environment, ordered: reader < opener < editor < admin.
//  - reader: see definitions (secrets as ciphertext), revisions, tags
//  - opener: also resolve values, reveal secrets, mint credentials, create run commands
//  - editor: also save revisions, tag, roll back
//  - admin:  also delete the environment and manage who has access to it
// An organization's default permission for members uses ESC's names for the same steps.
import "server-only";
export const RIGHTS = ["reader", "opener", "editor", "admin"] as const;
export type Right = (typeof RIGHTS)[number];

export const DEFAULT_PERMISSIONS = ["none", "read", "open", "write"] as const;
export type DefaultPermission = (typeof DEFAULT_PERMISSIONS)[number];

export const rank = (r: Right) => RIGHTS.indexOf(r);

export const rightOfDefault = (p: string): Right | null =>
  p === "read" ? "reader" : p === "open" ? "opener" : p === "write" ? "editor" : null;

export const highest = (rights: (Right | null)[]): Right | null =>
  rights.reduce<Right | null>((best, r) => (r && (!best || rank(r) > rank(best)) ? r : best), null);

export const isRight = (v: unknown): v is Right => typeof v === "string" && (RIGHTS as readonly string[]).includes(v);
