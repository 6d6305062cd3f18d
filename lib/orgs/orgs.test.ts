import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, uid } from "../../testing/factories";
import { addMember, createOrganization, getOrganization, listMembers, listOrganizations } from "./orgs";

describe("organizations", () => {
  it("makes the creator an admin and lists only the actor's organizations", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const orgA = await makeOrg(a);
    await makeOrg(b);
    expect(await listOrganizations(a)).toEqual([{ name: orgA, role: "admin" }]);
  });

  it.each(["", "with space", "api", "sign-in", "-dash", "x".repeat(41), "a/b"])("rejects the name %j", async (name) => {
    const a = await makeUser();
    await expect(createOrganization(a, { name })).rejects.toMatchObject({ code: "invalid_input", fields: { name: expect.any(String) } });
  });

  it("refuses a name taken in any letter case", async () => {
    const a = await makeUser();
    const name = `Acme-${uid()}`;
    await createOrganization(a, { name });
    await expect(createOrganization(a, { name: name.toLowerCase() })).rejects.toMatchObject({ code: "conflict" });
  });

  it("lets admins add existing users with a role; members cannot add", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member");
    const third = await makeUser("third");
    const org = await makeOrg(admin);
    await addMember(admin, org, { email: member.email.toUpperCase(), role: "member" });
    expect(await getOrganization(member, org)).toEqual({ name: org, role: "member" });
    await expect(addMember(member, org, { email: third.email, role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(addMember(admin, org, { email: member.email, role: "member" })).rejects.toMatchObject({ code: "conflict" });
    await expect(addMember(admin, org, { email: "nobody@example.com", role: "member" })).rejects.toMatchObject({ code: "not_found" });
    await expect(addMember(admin, org, { email: third.email, role: "owner" })).rejects.toMatchObject({ code: "invalid_input" });
    expect((await listMembers(admin, org)).map((m) => [m.email, m.role])).toEqual(
      [[admin.email, "admin"], [member.email, "member"]].sort((x, y) => x[0].localeCompare(y[0])),
    );
  });

  it("hides an organization from non-members exactly as if it did not exist", async () => {
    const a = await makeUser();
    const outsider = await makeUser();
    const org = await makeOrg(a);
    const missing = await getOrganization(outsider, "does-not-exist").catch((e) => e);
    const hidden = await getOrganization(outsider, org).catch((e) => e);
    expect(hidden).toMatchObject({ code: "not_found" });
    expect(hidden.message).toBe(missing.message);
    await expect(listMembers(outsider, org)).rejects.toMatchObject({ code: "not_found" });
    await expect(addMember(outsider, org, { email: outsider.email, role: "admin" })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("membership changes", () => {
  it("lets admins change roles and remove members, but never the last admin", async () => {
    const { changeMemberRole, removeMember } = await import("./membership-changes");
    const admin = await makeUser("admin");
    const member = await makeUser("member");
    const org = await makeOrg(admin);
    await addMember(admin, org, { email: member.email, role: "member" });
    await expect(changeMemberRole(member, org, { email: member.email, role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole(admin, org, { email: admin.email, role: "member" })).rejects.toMatchObject({ code: "conflict" });
    await expect(removeMember(admin, org, { email: admin.email })).rejects.toMatchObject({ code: "conflict" });
    await changeMemberRole(admin, org, { email: member.email, role: "admin" });
    expect(await getOrganization(member, org)).toEqual({ name: org, role: "admin" });
    await changeMemberRole(member, org, { email: admin.email, role: "member" });
    await removeMember(member, org, { email: admin.email });
    await expect(getOrganization(admin, org)).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember(member, org, { email: "nobody@example.com" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets a member leave, and hides the organization from outsiders", async () => {
    const { removeMember } = await import("./membership-changes");
    const admin = await makeUser("admin");
    const member = await makeUser("member");
    const outsider = await makeUser("outsider");
    const org = await makeOrg(admin);
    await addMember(admin, org, { email: member.email, role: "member" });
    await expect(removeMember(outsider, org, { email: member.email })).rejects.toMatchObject({ code: "not_found" });
    await removeMember(member, org, { email: member.email });
    expect((await listMembers(admin, org)).map((m) => m.email)).toEqual([admin.email]);
  });
});
