// Failed sign-in throttling, counted in the database so that every instance sees the same
// numbers. Three counters: an account from one address (so ten wrong passwords from an
// attacker's address lock out that address, not the owner signing in from another), an account
// from everywhere (a higher bar, for guessing spread over many addresses), and an address across
// accounts (password spraying). Each counter is a sliding-window estimate over two fixed windows
// (the current one plus the previous one weighted by how much of it still overlaps the last
// window length): fixed windows alone forget every failure at a window's boundary, so a burst
// straddling one got twice the limit, and an attacker who knew the boundary could time it.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db/client";

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT_ADDRESS = 10;
export const MAX_FAILURES_PER_ACCOUNT = 100;
export const MAX_FAILURES_PER_ADDRESS = 50;
/**
 * Most counters kept. Only the current window's rows matter, and a failed sign-in costs the
 * server a scrypt hash (~0.1 s), so a flood reaches this only from very many sources; then the
 * counters with the fewest failures go first, and the ones close to throttling stay.
 */
export const MAX_THROTTLE_ROWS = 10_000;

const WINDOW_MS = THROTTLE_WINDOW_MINUTES * 60_000;
const windowIndex = (now: number) => Math.floor(now / WINDOW_MS);

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;
// Without a known client address every client shares "unknown": no worse than one counter per account.
export const accountAddressKey = (email: string, address: string | undefined) => `account-from:${email.trim().toLowerCase()}|${address ?? "unknown"}`;

/** Failures in the last window length: this window's, plus the overlapping share of the previous one's. */
async function failures(key: string, now: number): Promise<number> {
  const window = windowIndex(now);
  const rows = await db().signInThrottle.findMany({ where: { key, window: { in: [window - 1, window] } }, select: { window: true, failures: true } });
  const overlap = 1 - (now - window * WINDOW_MS) / WINDOW_MS;
  return rows.reduce((sum, r) => sum + (r.window === window ? r.failures : Math.ceil(r.failures * overlap)), 0);
}

/** True when any of the three counters has used up its failures for this window. */
export async function isThrottled(email: string, address: string | undefined, now = Date.now()): Promise<boolean> {
  if ((await failures(accountAddressKey(email, address), now)) >= MAX_FAILURES_PER_ACCOUNT_ADDRESS) return true;
  if ((await failures(accountKey(email), now)) >= MAX_FAILURES_PER_ACCOUNT) return true;
  if (address && (await failures(addressKey(address), now)) >= MAX_FAILURES_PER_ADDRESS) return true;
  return false;
}

export async function recordFailure(email: string, address: string | undefined, now = Date.now()): Promise<void> {
  const window = windowIndex(now);
  for (const key of [accountAddressKey(email, address), accountKey(email), ...(address ? [addressKey(address)] : [])]) {
    // A single upsert statement is atomic on both databases, unlike read-then-write.
    await db().$executeRaw`INSERT INTO "SignInThrottle" ("id", "key", "window", "failures") VALUES (${randomUUID()}, ${key}, ${window}, 1)
      ON CONFLICT ("key", "window") DO UPDATE SET "failures" = "SignInThrottle"."failures" + 1`;
  }
  await purgeThrottle(window);
}

/** Sign-up attempts one address may make per window (each costs a scrypt hash and a row). */
export const MAX_SIGN_UPS_PER_ADDRESS = 60;
const signUpKey = (address: string | undefined) => `sign-up:${address ?? "unknown"}`;

/** Counts a sign-up attempt from an address; refuses it once the address has used up its window. */
export async function takeSignUpAttempt(address: string | undefined, now = Date.now()): Promise<boolean> {
  const key = signUpKey(address);
  if ((await failures(key, now)) >= MAX_SIGN_UPS_PER_ADDRESS) return false;
  const window = windowIndex(now);
  await db().$executeRaw`INSERT INTO "SignInThrottle" ("id", "key", "window", "failures") VALUES (${randomUUID()}, ${key}, ${window}, 1)
    ON CONFLICT ("key", "window") DO UPDATE SET "failures" = "SignInThrottle"."failures" + 1`;
  await purgeThrottle(window);
  return true;
}

/** Keeps the table bounded: windows before the previous one are never read again; beyond the cap, evict. */
async function purgeThrottle(currentWindow: number): Promise<void> {
  await db().$executeRaw`DELETE FROM "SignInThrottle" WHERE "window" < ${currentWindow - 1}`;
  const rows = await db().signInThrottle.count();
  if (rows <= MAX_THROTTLE_ROWS) return;
  await db().$executeRaw`DELETE FROM "SignInThrottle" WHERE "id" IN (
    SELECT "id" FROM "SignInThrottle" ORDER BY "failures" ASC, "id" ASC LIMIT ${rows - MAX_THROTTLE_ROWS})`;
}

/** After a successful sign-in: the account's counters, and its counter from this address only. */
export async function clearAccountFailures(email: string, address?: string): Promise<void> {
  await db().signInThrottle.deleteMany({ where: { key: { in: [accountKey(email), accountAddressKey(email, address)] } } });
}
