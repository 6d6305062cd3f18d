import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ACCOUNT_ADDRESS, MAX_FAILURES_PER_ADDRESS, MAX_THROTTLE_ROWS, THROTTLE_WINDOW_MINUTES, clearAccountFailures, isThrottled, recordFailure } from "./throttle";
import { db } from "../db/client";
import { clientAddress } from "./client-address";
import { uid } from "../../testing/factories";

describe("passwords", () => {
  it("hashes with scrypt and a random salt, and verifies", async () => {
    const h1 = await hashPassword("correct horse");
    const h2 = await hashPassword("correct horse");
    expect(h1).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword("correct horse", h1)).toBe(true);
    expect(await verifyPassword("correct horsE", h1)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});

describe("sign-in throttling", () => {
  it("throttles an account from the address that failed, not the owner signing in from another", async () => {
    const email = `t-${uid()}@example.com`;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_ADDRESS - 1; i++) await recordFailure(email, "203.0.113.66");
    expect(await isThrottled(email, "203.0.113.66")).toBe(false);
    await recordFailure(email, "203.0.113.66");
    expect(await isThrottled(email.toUpperCase(), "203.0.113.66")).toBe(true);
    expect(await isThrottled(email, "198.51.100.20")).toBe(false);
    // the owner's success from their own address leaves the attacker's address throttled
    await clearAccountFailures(email, "198.51.100.20");
    expect(await isThrottled(email, "203.0.113.66")).toBe(true);
    await clearAccountFailures(email, "203.0.113.66");
    expect(await isThrottled(email, "203.0.113.66")).toBe(false);
  });

  it("throttles an account after failures spread over many addresses", async () => {
    const email = `d-${uid()}@example.com`;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await recordFailure(email, `10.0.${Math.floor(i / 200)}.${i % 200}`);
    expect(await isThrottled(email, "10.9.9.9")).toBe(false);
    await recordFailure(email, "10.9.9.8");
    expect(await isThrottled(email, "10.9.9.9")).toBe(true);
    await clearAccountFailures(email, "10.9.9.9");
    expect(await isThrottled(email, "10.9.9.9")).toBe(false);
  });

  it("throttles an address that fails across many accounts", async () => {
    const address = `192.0.2.${Math.floor(Math.random() * 250)}-${uid()}`;
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await recordFailure(`spray-${i}-${uid()}@example.com`, address);
    expect(await isThrottled(`fresh-${uid()}@example.com`, address)).toBe(true);
    expect(await isThrottled(`fresh-${uid()}@example.com`, "198.51.100.1")).toBe(false);
  });

  it("counts concurrent failures exactly", async () => {
    const email = `c-${uid()}@example.com`;
    await Promise.all(Array.from({ length: MAX_FAILURES_PER_ACCOUNT_ADDRESS }, () => recordFailure(email, undefined)));
    expect(await isThrottled(email, undefined)).toBe(true);
  });

  it("starts a new window after the window length", async () => {
    const email = `w-${uid()}@example.com`;
    const t0 = Date.UTC(2030, 0, 1, 12, 0);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_ADDRESS; i++) await recordFailure(email, undefined, t0);
    expect(await isThrottled(email, undefined, t0)).toBe(true);
    expect(await isThrottled(email, undefined, t0 + 2 * THROTTLE_WINDOW_MINUTES * 60_000)).toBe(false);
  });

  it("still counts a burst at the end of one window at the start of the next", async () => {
    // t0 starts a window; the failures land in its last second, the check one second after it ends
    const email = `edge-${uid()}@example.com`;
    const t0 = Date.UTC(2030, 0, 2, 12, 0);
    const end = t0 + THROTTLE_WINDOW_MINUTES * 60_000;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_ADDRESS; i++) await recordFailure(email, undefined, end - 1_000);
    expect(await isThrottled(email, undefined, end + 1_000)).toBe(true);
    // the previous window's failures fade as it slides out
    expect(await isThrottled(email, undefined, end + 0.5 * THROTTLE_WINDOW_MINUTES * 60_000)).toBe(false);
  });
});

describe("client address", () => {
  it("reads only the address Ferry's server worked out, never X-Forwarded-For", () => {
    expect(clientAddress({ "x-forwarded-for": "1.1.1.1, 127.0.0.1" })).toBeUndefined();
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBeUndefined();
    expect(clientAddress(new Headers({ "x-ferry-client-address": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress({ "x-ferry-client-address": "2001:db8::1" })).toBe("2001:db8::1");
    expect(clientAddress({})).toBeUndefined();
  });
});

describe("the throttle table", () => {
  it("forgets windows that have passed", async () => {
    const t0 = Date.UTC(2031, 0, 1, 12, 0);
    const old = `old-${uid()}@example.com`;
    for (let i = 0; i < 3; i++) await recordFailure(old, "192.0.2.1", t0);
    const keysInWindow = async (email: string) => db().signInThrottle.count({ where: { key: { in: [`account:${email}`, "address:192.0.2.1"] } } });
    expect(await keysInWindow(old)).toBe(2);
    await recordFailure(`new-${uid()}@example.com`, "192.0.2.1", t0 + 2 * THROTTLE_WINDOW_MINUTES * 60_000);
    expect(await db().signInThrottle.count({ where: { key: `account:${old}` } })).toBe(0);
    // the address's counter restarted in the new window
    expect((await db().signInThrottle.findMany({ where: { key: "address:192.0.2.1" } })).map((r) => r.failures)).toEqual([1]);
  });

  it("stays under its cap, evicting the counters with the fewest failures", async () => {
    const now = Date.UTC(2032, 0, 1, 12, 0);
    const window = Math.floor(now / 60_000 / THROTTLE_WINDOW_MINUTES);
    const target = `target-${uid()}@example.com`;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_ADDRESS - 1; i++) await recordFailure(target, undefined, now);
    // a flood of one-off failures from many sources fills the table past its cap
    await db().signInThrottle.createMany({
      data: Array.from({ length: MAX_THROTTLE_ROWS + 50 }, (_, i) => ({ key: `address:flood-${i}`, window, failures: 1 })),
    });
    await recordFailure(target, undefined, now);
    expect(await db().signInThrottle.count()).toBe(MAX_THROTTLE_ROWS);
    // the counter close to throttling survived, and throttles
    expect(await isThrottled(target, undefined, now)).toBe(true);
  });
});

describe("sign-up throttling", () => {
  it("refuses sign-ups from an address past its window's allowance, not from others", async () => {
    const { MAX_SIGN_UPS_PER_ADDRESS } = await import("./throttle");
    const { signUpFromForm } = await import("../users/users");
    const address = `203.0.113.${Math.floor(Math.random() * 250)}-${uid()}`;
    const { db: database } = await import("../db/client");
    const window = Math.floor(Date.now() / 60_000 / THROTTLE_WINDOW_MINUTES);
    await database().signInThrottle.create({ data: { key: `sign-up:${address}`, window, failures: MAX_SIGN_UPS_PER_ADDRESS - 1 } });
    const open = { policy: "open" as const, domains: [] };
    const form = () => ({ email: `s-${uid()}@example.com`, password: "long enough password", name: "S" });
    await signUpFromForm(form(), { address }, open);
    await expect(signUpFromForm(form(), { address }, open)).rejects.toMatchObject({ code: "too_many_requests" });
    await signUpFromForm(form(), { address: "198.51.100.77" }, open);
  });
});

describe("sign-in audit", () => {
  it("records successes and failures as instance-level events the account's owner sees, nobody else", async () => {
    const { signInWithPassword } = await import("./sign-in");
    const { listAccountActivity } = await import("../audit/account-activity");
    const { makeUser } = await import("../../testing/factories");
    const owner = await makeUser("owner");
    const other = await makeUser("other");
    const headers = { "x-ferry-client-address": "192.0.2.7", "user-agent": "test-agent" };
    expect(await signInWithPassword({ email: owner.email, password: "wrong password!" }, headers)).toBeNull();
    expect(await signInWithPassword({ email: owner.email.toUpperCase(), password: "test password 123" }, headers)).toMatchObject({ id: owner.userId });
    const nobody = `nobody-${uid()}@example.com`;
    expect(await signInWithPassword({ email: nobody, password: "whatever it is" }, headers)).toBeNull();
    const mine = await listAccountActivity(owner);
    expect(mine.map((e) => [e.action, e.result, e.reason, e.address, e.userAgent])).toEqual([
      ["user.sign-in", "allowed", null, "192.0.2.7", "test-agent"],
      ["user.sign-in", "refused", "wrong password", "192.0.2.7", "test-agent"],
    ]);
    expect(await listAccountActivity(other)).toEqual([]);
    const unknown = await db().auditEvent.findMany({ where: { target: nobody } });
    expect(unknown.map((e) => [e.actorId, e.organizationId, e.result])).toEqual([[null, null, "refused"]]);
  });

  it("records a throttled attempt and refuses it", async () => {
    const { signInWithPassword } = await import("./sign-in");
    const { makeUser } = await import("../../testing/factories");
    const victim = await makeUser("victim");
    const window = Math.floor(Date.now() / 60_000 / THROTTLE_WINDOW_MINUTES);
    // written directly: an earlier test fills the table to its cap, where recordFailure's first counts are evicted
    await db().signInThrottle.create({ data: { key: `account-from:${victim.email}|192.0.2.99`, window, failures: MAX_FAILURES_PER_ACCOUNT_ADDRESS } });
    await expect(signInWithPassword({ email: victim.email, password: "test password 123" }, { "x-ferry-client-address": "192.0.2.99" })).rejects.toThrow("Throttled");
    const last = await db().auditEvent.findFirst({ where: { actorId: victim.userId, action: "user.sign-in" }, orderBy: { createdAt: "desc" } });
    expect(last).toMatchObject({ result: "refused", detail: JSON.stringify({ reason: "throttled" }) });
  });
});
