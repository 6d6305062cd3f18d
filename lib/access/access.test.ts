import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, addMember } from "../../testing/factories";
import { removeMember } from "../orgs/membership-changes";
import { createEnvironment, getEnvironment, listEnvironments } from "../environments/environments";
import { openEnvironmentAs } from "../environments/evaluate";
import { db } from "../db/client";
import { addTeamMember, createTeam, deleteTeam, listTeams, removeTeamMember, renameTeam } from "./teams";
import {
  grantEnvironmentAccess,
  grantProjectAccess,
  listEnvironmentAccess,
  revokeEnvironmentAccess,
  setDefaultPermission,
} from "./grants";
import type { DefaultPermission, Right } from "./rights";

const audit = { via: "console" as const, address: "192.0.2.7", userAgent: "vitest" };

async function world() {
  const admin = await makeUser("admin");
  const member = await makeUser("member");
  const org = await makeOrg(admin);
  await addMember(admin, org, { email: member.email, role: "member" });
  await createEnvironment(admin, org, { project: "app", name: "prod" });
  await createEnvironment(admin, org, { project: "app", name: "dev" });
  await createTeam(admin, org, { name: "ops" });
  await addTeamMember(admin, org, "ops", { email: member.email });
  const prod = { org, project: "app", name: "prod" };
  return { admin, member, org, prod };
}

const rightOf = (actor: { userId: string }, ref: { org: string; project: string; name: string }) =>
  getEnvironment(actor, ref).then((e) => e.right as Right | null, (e) => (e.code === "not_found" ? null : Promise.reject(e)));

// default × team grant × user grant → effective right. A grant replaces the default; between
// grants the highest wins; "none" hides the environment.
const CASES: [DefaultPermission, Right | null, Right | null, Right | null][] = [
  ["write", null, null, "editor"],
  ["open", null, null, "opener"],
  ["read", null, null, "reader"],
  ["none", null, null, null],
  ["write", null, "reader", "reader"],
  ["write", "reader", null, "reader"],
  ["none", "opener", null, "opener"],
  ["none", null, "admin", "admin"],
  ["read", "editor", "opener", "editor"],
  ["read", "reader", "editor", "editor"],
  ["open", "reader", "reader", "reader"],
];

describe("effective right", () => {
  it.each(CASES)("default %s, team %s, user %s → %s", async (def, team, user, expected) => {
    const { admin, member, org, prod } = await world();
    await setDefaultPermission(admin, org, { permission: def });
    if (team) await grantEnvironmentAccess(admin, prod, { team: "ops", permission: team });
    if (user) await grantEnvironmentAccess(admin, prod, { user: member.email, permission: user });
    expect(await rightOf(member, prod)).toBe(expected);
    expect(await rightOf(admin, prod)).toBe("admin");
    // the other environment of the project keeps the default
    expect(await rightOf(member, { ...prod, name: "dev" })).toBe({ none: null, read: "reader", open: "opener", write: "editor" }[def]);
    expect((await listEnvironments(member, org)).map((e) => e.name).includes("prod")).toBe(expected !== null);
  });

  it("applies project grants to every environment of the project, and the environment's own grants with them", async () => {
    const { admin, member, org, prod } = await world();
    await setDefaultPermission(admin, org, { permission: "none" });
    await grantProjectAccess(admin, org, "app", { team: "ops", permission: "reader" });
    expect(await rightOf(member, { ...prod, name: "dev" })).toBe("reader");
    await grantEnvironmentAccess(admin, prod, { user: member.email, permission: "opener" });
    expect(await rightOf(member, prod)).toBe("opener");
    expect((await listEnvironments(member, org)).map((e) => e.name)).toEqual(["dev", "prod"]);
  });

  it("takes effect on the next request: narrowing stops an open, revoking restores the default", async () => {
    const { admin, member, prod } = await world();
    await openEnvironmentAs(member, prod, {}, audit);
    await grantEnvironmentAccess(admin, prod, { user: member.email, permission: "reader" });
    await expect(openEnvironmentAs(member, prod, {}, audit)).rejects.toMatchObject({ code: "forbidden" });
    await revokeEnvironmentAccess(admin, prod, { user: member.email });
    await openEnvironmentAs(member, prod, {}, audit);
  });

  it("drops a team's grants with the team and a member's grants and teams with the membership", async () => {
    const { admin, member, org, prod } = await world();
    await grantEnvironmentAccess(admin, prod, { team: "ops", permission: "reader" });
    await grantEnvironmentAccess(admin, prod, { user: member.email, permission: "reader" });
    await removeMember(admin, org, { email: member.email });
    expect(await db().accessGrant.count({ where: { userId: member.userId } })).toBe(0);
    expect((await listTeams(admin, org))[0].members).toEqual([]);
    await deleteTeam(admin, org, "ops");
    expect(await db().accessGrant.count({ where: { organization: { name: org } } })).toBe(0);
  });

  it("explains who has what and why", async () => {
    const { admin, member, prod } = await world();
    await grantEnvironmentAccess(admin, prod, { team: "ops", permission: "opener" });
    const access = await listEnvironmentAccess(member, prod);
    expect(access.grants).toEqual([{ scope: "environment", team: "ops", permission: "opener" }]);
    const mine = access.members.find((m) => m.email === member.email)!;
    expect(mine.right).toBe("opener");
    expect(mine.reasons).toEqual([
      { right: "opener", source: "team", team: "ops", scope: "environment", applies: true },
      { right: "editor", source: "default", applies: false },
    ]);
    expect(access.members.find((m) => m.email === admin.email)!.right).toBe("admin");
  });
});

describe("who may change access", () => {
  it("lets only admins manage teams, the default and grants; environment admins may grant on theirs", async () => {
    const { admin, member, org, prod } = await world();
    await expect(createTeam(member, org, { name: "x" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(renameTeam(member, org, "ops", { name: "y" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setDefaultPermission(member, org, { permission: "write" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(grantEnvironmentAccess(member, prod, { user: member.email, permission: "admin" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(grantProjectAccess(member, org, "app", { user: member.email, permission: "admin" })).rejects.toMatchObject({ code: "forbidden" });
    await grantEnvironmentAccess(admin, prod, { user: member.email, permission: "admin" });
    await grantEnvironmentAccess(member, prod, { team: "ops", permission: "reader" });
    await expect(grantEnvironmentAccess(member, { ...prod, name: "dev" }, { team: "ops", permission: "reader" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("hides another organization's teams and environments and refuses its people", async () => {
    const { admin, org, prod } = await world();
    const stranger = await makeUser("stranger");
    const theirs = await makeOrg(stranger);
    await expect(listEnvironmentAccess(stranger, prod)).rejects.toMatchObject({ code: "not_found" });
    await expect(grantEnvironmentAccess(stranger, prod, { user: stranger.email, permission: "admin" })).rejects.toMatchObject({ code: "not_found" });
    await expect(addTeamMember(stranger, org, "ops", { email: stranger.email })).rejects.toMatchObject({ code: "not_found" });
    await expect(grantEnvironmentAccess(admin, prod, { user: stranger.email, permission: "reader" })).rejects.toMatchObject({ code: "not_found" });
    await expect(addTeamMember(admin, org, "ops", { email: stranger.email })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteTeam(admin, theirs, "ops")).rejects.toMatchObject({ code: "not_found" });
  });

  it.each([
    [{ permission: "owner", user: "a@example.com" }],
    [{ permission: "reader" }],
    [{ permission: "reader", user: "a@example.com", team: "ops" }],
    [{ permission: "reader", team: "../x" }],
    [null],
  ])("rejects the grant %j", async (input) => {
    const { admin, prod } = await world();
    await expect(grantEnvironmentAccess(admin, prod, input)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("audits every change", async () => {
    const { admin, member, org, prod } = await world();
    await grantEnvironmentAccess(admin, prod, { user: member.email, permission: "reader" });
    await revokeEnvironmentAccess(admin, prod, { user: member.email });
    await setDefaultPermission(admin, org, { permission: "read" });
    await removeTeamMember(admin, org, "ops", { email: member.email });
    const orgId = (await db().organization.findUniqueOrThrow({ where: { name: org } })).id;
    const actions = (await db().auditEvent.findMany({ where: { organizationId: orgId }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["team.create", "team.member.add", "access.grant", "access.revoke", "org.default-permission", "team.member.remove"]));
  });
});

describe("imports of environments a member may not see", () => {
  it("read as missing, not as forbidden", async () => {
    const { admin, member, org, prod } = await world();
    const { saveDefinition } = await import("../environments/environments");
    await setDefaultPermission(admin, org, { permission: "none" });
    await grantEnvironmentAccess(admin, prod, { user: member.email, permission: "opener" });
    await saveDefinition(admin, prod, { yaml: "imports:\n  - app/dev\nvalues:\n  a: 1\n" });
    const opened = await openEnvironmentAs(member, prod, {}, audit);
    expect(opened.diagnostics.map((d) => d.summary)).toContain('environment "app/dev" not found');
  });
});
