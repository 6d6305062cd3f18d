// Failed sign-in throttling, per account and per client address, counted in the database so
// that every instance sees the same numbers. Fixed windows: simple, and the worst case (a burst
// straddling two windows) is still bounded by twice the limit.
import { randomUUID } from "node:crypto";
import { db } from "../db/client";

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_ADDRESS = 50;

const windowIndex = (now: number) => Math.floor(now / 60_000 / THROTTLE_WINDOW_MINUTES);

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

async function failures(key: string, now: number): Promise<number> {
  const row = await db().signInThrottle.findUnique({ where: { key_window: { key, window: windowIndex(now) } } });
  return row?.failures ?? 0;
}

/** True when either the account or the address has used up its failures for this window. */
export async function isThrottled(email: string, address: string | undefined, now = Date.now()): Promise<boolean> {
  if ((await failures(accountKey(email), now)) >= MAX_FAILURES_PER_ACCOUNT) return true;
  if (address && (await failures(addressKey(address), now)) >= MAX_FAILURES_PER_ADDRESS) return true;
  return false;
}

export async function recordFailure(email: string, address: string | undefined, now = Date.now()): Promise<void> {
  const window = windowIndex(now);
  for (const key of address ? [accountKey(email), addressKey(address)] : [accountKey(email)]) {
    // A single upsert statement is atomic on both databases, unlike read-then-write.
    await db().$executeRaw`INSERT INTO "SignInThrottle" ("id", "key", "window", "failures") VALUES (${randomUUID()}, ${key}, ${window}, 1)
      ON CONFLICT ("key", "window") DO UPDATE SET "failures" = "SignInThrottle"."failures" + 1`;
  }
}

export async function clearAccountFailures(email: string): Promise<void> {
  await db().signInThrottle.deleteMany({ where: { key: accountKey(email) } });
}
