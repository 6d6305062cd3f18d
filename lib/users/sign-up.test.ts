import { describe, expect, it, vi } from "vitest";
import { makeOrg, makeUser, uid } from "../../testing/factories";
import { db } from "../db/client";
import { hashPassword, verifyPassword } from "../auth/password";
import { acceptInvitation, createInvitation, maskEmail } from "../orgs/invitations";
import { SIGN_UP_DONE, signUpFromForm } from "./users";
import type { SignUpConfig } from "../config";

// The real hash, counted: a sign-up for a taken address must do the same scrypt work as a new one.
vi.mock("../auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("../auth/password")>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});

const open: SignUpConfig = { policy: "open", domains: [] };
const invite: SignUpConfig = { policy: "invite", domains: [] };
const closed: SignUpConfig = { policy: "closed", domains: [] };
const PASSWORD = "a long enough password";
const form = (email: string, extra: Record<string, string> = {}) => ({ email, password: PASSWORD, name: "  Ada Lovelace ", ...extra });
// each test its own address, so the per-address sign-up throttle never gets in the way
const from = () => ({ address: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });

describe("sign-up policy", () => {
  // first in the file: every test file starts with an empty database
  it("lets the very first account of an empty deployment sign up even when sign-up is closed", async () => {
    expect(await db().user.count()).toBe(0);
    const email = `first-${uid()}@example.com`;
    await signUpFromForm(form(email), from(), closed);
    expect(await db().user.findUnique({ where: { email } })).toMatchObject({ name: "Ada Lovelace" });
    await expect(signUpFromForm(form(`second-${uid()}@example.com`), from(), closed)).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/closed/) });
  });

  it("open: anyone; invite: nobody without a link; closed: nobody", async () => {
    const a = `open-${uid()}@example.com`;
    expect(await signUpFromForm(form(a), from(), open)).toEqual({ email: a });
    expect(await db().user.count({ where: { email: a } })).toBe(1);
    const b = `invite-${uid()}@example.com`;
    await expect(signUpFromForm(form(b), from(), invite)).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/by invitation/) });
    await expect(signUpFromForm(form(b), from(), closed)).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().user.count({ where: { email: b } })).toBe(0);
  });

  it("holds every sign-up to the allowed domains, in any letter case", async () => {
    const corp: SignUpConfig = { policy: "open", domains: ["corp.com", "example.org"] };
    await signUpFromForm(form(`ok-${uid()}@CORP.com`), from(), corp);
    await signUpFromForm(form(`ok-${uid()}@example.org`), from(), corp);
    for (const email of [`no-${uid()}@example.com`, `no-${uid()}@sub.corp.com`, `no-${uid()}@corp.com.evil.net`]) {
      await expect(signUpFromForm(form(email), from(), corp)).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/corp\.com, example\.org/) });
    }
  });

  it("invite: signs up only through a pending invitation, as the invited address", async () => {
    const admin = await makeUser("admin");
    const org = await makeOrg(admin);
    const email = `invited-${uid()}@example.com`;
    const inv = await createInvitation(admin, org, { email, role: "member" }, { signUp: invite });
    const wrong = await signUpFromForm(form(`other-${uid()}@example.com`, { invitation: inv.token }), from(), invite).catch((e) => e);
    expect(wrong).toMatchObject({ code: "forbidden", message: `This invitation is for ${maskEmail(email)}; sign up with that address.` });
    await expect(signUpFromForm(form(email, { invitation: "fry_inv_nonsense" }), from(), invite)).rejects.toMatchObject({ code: "not_found" });
    await signUpFromForm(form(email, { invitation: inv.token }), from(), invite);
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    // signing up does not accept: the new account accepts once signed in
    expect(await db().membership.count({ where: { userId: user.id } })).toBe(0);
    await acceptInvitation({ userId: user.id }, inv.token);
    expect(await db().membership.count({ where: { userId: user.id } })).toBe(1);
    // a used link signs nobody else up
    await expect(signUpFromForm(form(email, { invitation: inv.token }), from(), invite)).rejects.toMatchObject({ code: "conflict" });
  });

  it("invite with domains: an invitation does not get around the domain list", async () => {
    const admin = await makeUser("admin");
    const org = await makeOrg(admin);
    const email = `outside-${uid()}@example.com`;
    const inv = await createInvitation(admin, org, { email }, { signUp: invite });
    await expect(signUpFromForm(form(email, { invitation: inv.token }), from(), { policy: "invite", domains: ["corp.com"] })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("answers an existing address exactly like a new one, keeps its password, and audits both", async () => {
    const existing = await makeUser("existing");
    const fresh = `fresh-${uid()}@example.com`;
    expect(await signUpFromForm(form(existing.email), from(), open)).toEqual({ email: existing.email });
    expect(await signUpFromForm(form(fresh), from(), open)).toEqual({ email: fresh });
    expect(SIGN_UP_DONE).toBe("If this address can sign up, the account is ready; sign in.");
    const kept = await db().user.findUniqueOrThrow({ where: { email: existing.email } });
    expect(await verifyPassword(PASSWORD, kept.passwordHash)).toBe(false);
    expect(await verifyPassword("test password 123", kept.passwordHash)).toBe(true);
    const events = await db().auditEvent.findMany({ where: { action: "user.sign-up", target: { in: [existing.email, fresh] } } });
    expect(events.map((e) => [e.target, e.result, e.organizationId]).sort()).toEqual(
      [[existing.email, "refused", null], [fresh, "allowed", null]].sort(),
    );
    expect(events.find((e) => e.target === existing.email)?.actorId).toBe(existing.userId);
  });

  it("does the same work for an existing address as for a new one: one password hash, the same answer", async () => {
    const existing = await makeUser("timing");
    const hashes = vi.mocked(hashPassword);
    const hashesFor = async (email: string) => {
      hashes.mockClear();
      expect(await signUpFromForm(form(email), from(), open)).toEqual({ email });
      return hashes.mock.calls.length;
    };
    // Timing cannot tell the two apart: scrypt dominates both paths. (Counted, not timed, so a
    // loaded machine cannot make this flaky.)
    expect(await hashesFor(existing.email)).toBe(1);
    expect(await hashesFor(`new-${uid()}@example.com`)).toBe(1);
  });

  it("requires a name, trims it and limits its length; throttles per address", async () => {
    await expect(signUpFromForm({ email: `n-${uid()}@example.com`, password: PASSWORD, name: "   " }, from(), open)).rejects.toMatchObject({ fields: { name: expect.any(String) } });
    await expect(signUpFromForm({ email: `n-${uid()}@example.com`, password: PASSWORD }, from(), open)).rejects.toMatchObject({ fields: { name: expect.any(String) } });
    await expect(signUpFromForm(form(`n-${uid()}@example.com`, { name: "x".repeat(101) }), from(), open)).rejects.toMatchObject({ fields: { name: expect.stringMatching(/100/) } });
    await expect(signUpFromForm(form(`n-${uid()}@example.com`, { name: "evil\u202Eman" }), from(), open)).rejects.toMatchObject({ fields: { name: expect.any(String) } });
    const address = { address: "10.250.250.250" };
    const { MAX_SIGN_UPS_PER_ADDRESS } = await import("../auth/throttle");
    for (let i = 0; i < MAX_SIGN_UPS_PER_ADDRESS; i++) {
      await signUpFromForm(form(`t-${uid()}@example.com`), address, closed).catch(() => undefined);
    }
    await expect(signUpFromForm(form(`t-${uid()}@example.com`), address, open)).rejects.toMatchObject({ code: "too_many_requests" });
  });
});
