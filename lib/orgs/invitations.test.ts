import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, uid } from "../../testing/factories";
import { db } from "../db/client";
import { getOrganization, listMembers } from "./orgs";
import { acceptInvitation, createInvitation, INVITATION_TTL_DAYS, listInvitations, maskEmail, revokeInvitation, viewInvitation } from "./invitations";

const OPEN = { policy: "open" as const, domains: [] };
const DAY = 86_400_000;
const orgId = async (name: string) => (await db().organization.findUniqueOrThrow({ where: { name } })).id;

describe("invitations", () => {
  it("joins the invited account with the invited role, once, and audits send and accept", async () => {
    const admin = await makeUser("admin");
    const invitee = await makeUser("invitee");
    const org = await makeOrg(admin);
    const inv = await createInvitation(admin, org, { email: invitee.email.toUpperCase(), role: "admin" });
    expect(inv).toMatchObject({ email: invitee.email, role: "admin", path: `/invite/${inv.token}`, expired: false });
    expect(inv.token).toMatch(/^fry_inv_[A-Za-z0-9_-]{43}$/);
    // only a hash is stored
    const row = await db().invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expect(JSON.stringify(row)).not.toContain(inv.token.slice(8));
    expect((await listInvitations(admin, org)).map((i) => i.email)).toEqual([invitee.email]);
    expect(await viewInvitation(inv.token)).toMatchObject({ organization: org, role: "admin", state: "pending", maskedEmail: maskEmail(invitee.email) });

    await expect(getOrganization(invitee, org)).rejects.toMatchObject({ code: "not_found" });
    expect(await acceptInvitation(invitee, inv.token, { address: "10.0.0.9" })).toEqual({ organization: org, role: "admin", joined: true });
    expect(await getOrganization(invitee, org)).toEqual({ name: org, role: "admin" });
    expect(await listInvitations(admin, org)).toEqual([]);
    expect((await viewInvitation(inv.token)).state).toBe("used");

    // reused: the same link again, by the same account
    await expect(acceptInvitation(invitee, inv.token)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/already been used/) });
    const actions = await db().auditEvent.findMany({ where: { organizationId: await orgId(org), action: { startsWith: "invitation." } }, orderBy: { createdAt: "asc" } });
    expect(actions.map((a) => [a.action, a.target, a.actorId])).toEqual([
      ["invitation.send", invitee.email, admin.userId],
      ["invitation.accept", invitee.email, invitee.userId],
    ]);
    expect(actions[1].address).toBe("10.0.0.9");
  });

  it("refuses a different signed-in account with a masked address, and leaves the invitation usable", async () => {
    const admin = await makeUser("admin");
    const invitee = await makeUser("invitee");
    const stranger = await makeUser("stranger");
    const org = await makeOrg(admin);
    const inv = await createInvitation(admin, org, { email: invitee.email, role: "member" });
    const err = await acceptInvitation(stranger, inv.token).catch((e) => e);
    expect(err).toMatchObject({ code: "forbidden", message: `This invitation is for ${maskEmail(invitee.email)}; sign in as that account.` });
    expect(err.message).not.toContain(invitee.email);
    await expect(getOrganization(stranger, org)).rejects.toMatchObject({ code: "not_found" });
    expect((await acceptInvitation(invitee, inv.token)).role).toBe("member");
  });

  it("refuses an expired invitation", async () => {
    const admin = await makeUser("admin");
    const invitee = await makeUser("invitee");
    const org = await makeOrg(admin);
    const sent = new Date(Date.now() - (INVITATION_TTL_DAYS * DAY + 1000));
    const inv = await createInvitation(admin, org, { email: invitee.email }, { now: sent });
    expect((await listInvitations(admin, org))[0]).toMatchObject({ expired: true, role: "member" });
    expect((await viewInvitation(inv.token)).state).toBe("expired");
    await expect(acceptInvitation(invitee, inv.token)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/expired/) });
    await expect(getOrganization(invitee, org)).rejects.toMatchObject({ code: "not_found" });
    // one second before the end it still works
    const fresh = await createInvitation(admin, org, { email: invitee.email });
    expect(await acceptInvitation(invitee, fresh.token, {}, new Date(Date.now() + INVITATION_TTL_DAYS * DAY - 1000))).toMatchObject({ joined: true });
  });

  it("revokes: admins only, the link stops working, and a revoked one cannot be revoked again", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member");
    const invitee = await makeUser("invitee");
    const org = await makeOrg(admin);
    await acceptInvitation(member, (await createInvitation(admin, org, { email: member.email })).token);
    const inv = await createInvitation(admin, org, { email: invitee.email });
    await expect(revokeInvitation(member, org, inv.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listInvitations(member, org)).rejects.toMatchObject({ code: "forbidden" });
    await revokeInvitation(admin, org, inv.id);
    await expect(acceptInvitation(invitee, inv.token)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/revoked/) });
    await expect(revokeInvitation(admin, org, inv.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeInvitation(admin, org, "x y")).rejects.toMatchObject({ code: "invalid_input" });
    expect(await db().auditEvent.count({ where: { organizationId: await orgId(org), action: "invitation.revoke", target: invitee.email } })).toBe(1);
  });

  it("a new invitation to the same address replaces the pending one", async () => {
    const admin = await makeUser("admin");
    const invitee = await makeUser("invitee");
    const org = await makeOrg(admin);
    const first = await createInvitation(admin, org, { email: invitee.email, role: "admin" });
    const second = await createInvitation(admin, org, { email: invitee.email, role: "member" });
    expect((await listInvitations(admin, org)).map((i) => i.id)).toEqual([second.id]);
    await expect(acceptInvitation(invitee, first.token)).rejects.toMatchObject({ code: "conflict" });
    expect((await acceptInvitation(invitee, second.token)).role).toBe("member");
  });

  it("keeps other organizations' invitations out of reach", async () => {
    const a = await makeUser("a");
    const b = await makeUser("b");
    const invitee = await makeUser("invitee");
    const orgA = await makeOrg(a);
    const orgB = await makeOrg(b);
    const inv = await createInvitation(a, orgA, { email: invitee.email });
    await expect(listInvitations(b, orgA)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeInvitation(b, orgB, inv.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(createInvitation(b, orgA, { email: invitee.email })).rejects.toMatchObject({ code: "not_found" });
    expect(await listInvitations(a, orgA)).toHaveLength(1);
  });

  it("answers unknown and malformed links as not valid", async () => {
    const someone = await makeUser();
    for (const token of ["", "fry_inv_", `fry_inv_${"A".repeat(43)}`, "../../etc", 42, null]) {
      await expect(viewInvitation(token)).rejects.toMatchObject({ code: "not_found" });
      await expect(acceptInvitation(someone, token)).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("gives one membership and one use to concurrent accepts of the same link", async () => {
    const admin = await makeUser("admin");
    const invitee = await makeUser("invitee");
    const org = await makeOrg(admin);
    const inv = await createInvitation(admin, org, { email: invitee.email, role: "member" });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => acceptInvitation(invitee, inv.token)));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok, JSON.stringify(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok")))).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
    expect(await db().membership.count({ where: { organization: { name: org }, userId: invitee.userId } })).toBe(1);
    expect(await db().auditEvent.count({ where: { organizationId: await orgId(org), action: "invitation.accept" } })).toBe(1);
    expect((await listMembers(admin, org)).map((m) => m.email).sort()).toEqual([admin.email, invitee.email].sort());
  });

  it("refuses to invite an address without an account that could not sign up here", async () => {
    const admin = await makeUser("admin");
    const org = await makeOrg(admin);
    const nobody = `new-${uid()}@example.com`;
    await expect(createInvitation(admin, org, { email: nobody }, { signUp: { policy: "closed", domains: [] } })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/cannot create one here: Sign-up is closed/),
    });
    await expect(createInvitation(admin, org, { email: nobody }, { signUp: { policy: "invite", domains: ["corp.com"] } })).rejects.toMatchObject({
      code: "forbidden",
      fields: { email: expect.stringMatching(/corp\.com/) },
    });
    expect((await createInvitation(admin, org, { email: nobody }, { signUp: { policy: "invite", domains: [] } })).email).toBe(nobody);
    expect((await createInvitation(admin, org, { email: `x-${uid()}@example.com` }, { signUp: OPEN })).role).toBe("member");
  });
});
