import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, clearAccountFailures, isThrottled, recordFailure } from "./throttle";
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
  it("throttles an account after its failures, and a success clears it", async () => {
    const email = `t-${uid()}@example.com`;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await recordFailure(email, `10.0.0.${i}`);
    expect(await isThrottled(email, "10.9.9.9")).toBe(false);
    await recordFailure(email, "10.0.0.99");
    expect(await isThrottled(email, "10.9.9.9")).toBe(true);
    expect(await isThrottled(email.toUpperCase(), undefined)).toBe(true);
    await clearAccountFailures(email);
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
    await Promise.all(Array.from({ length: MAX_FAILURES_PER_ACCOUNT }, () => recordFailure(email, undefined)));
    expect(await isThrottled(email, undefined)).toBe(true);
  });

  it("starts a new window after the window length", async () => {
    const email = `w-${uid()}@example.com`;
    const t0 = Date.UTC(2030, 0, 1, 12, 0);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await recordFailure(email, undefined, t0);
    expect(await isThrottled(email, undefined, t0)).toBe(true);
    expect(await isThrottled(email, undefined, t0 + 16 * 60_000)).toBe(false);
  });
});

describe("client address", () => {
  it("trusts only the hop that next start adds", () => {
    expect(clientAddress({ "x-forwarded-for": "1.1.1.1, 127.0.0.1" })).toBe("127.0.0.1");
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress({})).toBeUndefined();
  });
});
