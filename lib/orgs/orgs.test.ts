import { describe, expect, it } from "vitest";
import { addMember, makeOrg, makeUser, uid } from "../../testing/factories";
import { createOrganization, getOrganization, listMembers, listOrganizations } from "./orgs";
import { createInvitation } from "./invitations";

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

  it("lets admins invite users with a role; members cannot invite", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member");
    const third = await makeUser("third");
    const org = await makeOrg(admin);
    await addMember(admin, org, { email: member.email.toUpperCase(), role: "member" });
    expect(await getOrganization(member, org)).toEqual({ name: org, role: "member" });
    await expect(createInvitation(member, org, { email: third.email, role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createInvitation(admin, org, { email: member.email, role: "member" })).rejects.toMatchObject({ code: "conflict" });
    await expect(createInvitation(admin, org, { email: third.email, role: "owner" })).rejects.toMatchObject({ code: "invalid_input" });
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
    await expect(createInvitation(outsider, org, { email: outsider.email, role: "admin" })).rejects.toMatchObject({ code: "not_found" });
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

describe("concurrent membership changes", () => {
  it("never leave an organization without an admin when two admins demote each other at once", async () => {
    const { changeMemberRole } = await import("./membership-changes");
    const [a, b] = [await makeUser("a"), await makeUser("b")];
    for (let round = 0; round < 8; round++) {
      const org = await makeOrg(a);
      await addMember(a, org, { email: b.email, role: "admin" });
      const results = await Promise.allSettled([
        changeMemberRole(a, org, { email: b.email, role: "member" }),
        changeMemberRole(b, org, { email: a.email, role: "member" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      // the loser was demoted first, so it is no longer an admin
      expect(refused.reason).toMatchObject({ code: "forbidden" });
      const roles = (await listMembers(a, org).catch(() => listMembers(b, org))).map((m) => m.role);
      expect(roles.filter((r) => r === "admin"), `round ${round}`).toHaveLength(1);
    }
  });

  it("never remove the last two admins at once", async () => {
    const { removeMember } = await import("./membership-changes");
    const [a, b] = [await makeUser("a"), await makeUser("b")];
    for (let round = 0; round < 8; round++) {
      const org = await makeOrg(a);
      await addMember(a, org, { email: b.email, role: "admin" });
      // each admin leaves at the same moment
      const results = await Promise.allSettled([removeMember(a, org, { email: a.email }), removeMember(b, org, { email: b.email })]);
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    }
  });

  it("hold across processes (two instances, each with its own database client)", async () => {
    const { spawn } = await import("node:child_process");
    const { createInterface } = await import("node:readline");
    const path = await import("node:path");
    const worker = path.resolve(import.meta.dirname, "../../testing/membership-worker.ts");
    const start = () => {
      const child = spawn(process.execPath, ["--import", "tsx", worker], { env: process.env, stdio: ["pipe", "pipe", "inherit"] });
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const next = async () => (await lines.next()).value as string;
      return { child, next, ask: async (req: object) => (child.stdin!.write(JSON.stringify(req) + "\n"), JSON.parse(await next())) };
    };
    const workers = [start(), start()];
    try {
      expect(await Promise.all(workers.map((w) => w.next()))).toEqual(["ready", "ready"]);
      const [a, b] = [await makeUser("a"), await makeUser("b")];
      for (let round = 0; round < 4; round++) {
        const org = await makeOrg(a);
        await addMember(a, org, { email: b.email, role: "admin" });
        const answers = await Promise.all([
          workers[0].ask({ actor: a.userId, org, email: b.email, role: "member" }),
          workers[1].ask({ actor: b.userId, org, email: a.email, role: "member" }),
        ]);
        expect(answers.filter((x) => x.ok), `round ${round}: ${JSON.stringify(answers)}`).toHaveLength(1);
        expect(answers.find((x) => !x.ok)).toEqual({ ok: false, code: "forbidden" });
      }
    } finally {
      for (const w of workers) w.child.stdin!.end();
    }
  });
});
