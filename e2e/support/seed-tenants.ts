// Seeds two tenants into the console under test through the lib domain functions (the same code
// the console runs), and prints what the specs need as one JSON line. Run as a child process
// (`node --import tsx e2e/support/seed-tenants.ts`) with FERRY_DATA_DIR pointing at the
// console's data directory, so it writes the very database the server reads.
//
// Tenant "victim": an admin and a member, an environment with three revisions (one holding a
// secret), a tag, run tokens in every state, an open session and access tokens in every state.
// Tenant "outsider": an admin of another organization with its own environment and token.
// "Scratch" resources exist only to be destroyed by the suites' control requests (a delete that
// succeeds proves the refused ones were refused for the reason the case names).
import { randomBytes, randomUUID } from "node:crypto";
import { signUp } from "../../lib/users/users";
import { createOrganization } from "../../lib/orgs/orgs";
import { acceptInvitation, createInvitation } from "../../lib/orgs/invitations";
import { createEnvironment, saveDefinition } from "../../lib/environments/environments";
import { setTag } from "../../lib/environments/tags";
import { createAccessToken, revokeAccessToken } from "../../lib/tokens/access-tokens";
import { createRunToken, revokeRunToken } from "../../lib/runs/run-tokens";
import { createAnonymousOpenSession, createOpenSession } from "../../lib/environments/open-sessions";
import { createEnvTag } from "../../lib/environments/env-tags";
import { db } from "../../lib/db/client";
import { addTeamMember, createTeam } from "../../lib/access/teams";
import { grantEnvironmentAccess, grantProjectAccess } from "../../lib/access/grants";
import type { Actor } from "../../lib/auth/actor";
import type { EnvironmentRef } from "../../lib/environments/schema";

export const SEED_PASSWORD = "hostile-suite password 1";

const tag = randomBytes(3).toString("hex");

async function user(label: string): Promise<{ email: string; actor: Actor }> {
  const email = `${label}-${tag}@example.com`;
  const u = await signUp({ email, password: SEED_PASSWORD });
  return { email, actor: { userId: u.id } };
}

async function main() {
  const admin = await user("victim-admin");
  const member = await user("victim-member");
  const extra = await user("victim-extra");
  const outsider = await user("outsider");

  const org = `victim-${tag}`;
  const otherOrg = `outsider-${tag}`;
  await createOrganization(admin.actor, { name: org });
  for (const joiner of [member, extra]) {
    await acceptInvitation(joiner.actor, (await createInvitation(admin.actor, org, { email: joiner.email, role: "member" })).token);
  }
  await createOrganization(outsider.actor, { name: otherOrg });

  const ref: EnvironmentRef = await createEnvironment(admin.actor, org, { project: "payments", name: "dev" });
  await saveDefinition(admin.actor, ref, { yaml: "values:\n  greeting: hello\n", message: "second" });
  await saveDefinition(admin.actor, ref, {
    yaml: "values:\n  greeting: hello\n  password:\n    fn::secret: hunter22\n  environmentVariables:\n    GREETING: ${greeting}\n",
    message: "third",
  });
  await setTag(admin.actor, ref, { name: "stable", revision: 2 });
  await setTag(admin.actor, ref, { name: "scratch", revision: 1 });
  await setTag(admin.actor, ref, { name: "scratch2", revision: 1 });
  // environment (key/value) tags under the same names, for the env-tag routes' cases
  for (const name of ["stable", "scratch", "scratch2"]) await createEnvTag(admin.actor, ref, { name, value: "yes" });
  await createEnvironment(admin.actor, org, { project: "payments", name: "scratch" });
  await createEnvironment(admin.actor, org, { project: "payments", name: "scratch2" });
  const otherRef = await createEnvironment(outsider.actor, otherOrg, { project: "payments", name: "dev" });

  // Teams and grants that leave everyone's rights as the default gives them (editor), so the
  // other cases see the member as before; the scratch ones are for the controls to remove.
  await createTeam(admin.actor, org, { name: "ops" });
  await addTeamMember(admin.actor, org, "ops", { email: member.email });
  await createTeam(admin.actor, org, { name: "scratch" });
  await createTeam(admin.actor, org, { name: "scratch2" });
  await createTeam(admin.actor, org, { name: "scratch3" });
  await createTeam(admin.actor, org, { name: "scratch4" });
  await createTeam(admin.actor, org, { name: "crew" });
  await addTeamMember(admin.actor, org, "crew", { email: member.email });
  await grantEnvironmentAccess(admin.actor, ref, { team: "ops", permission: "editor" });
  await grantEnvironmentAccess(admin.actor, ref, { user: member.email, permission: "editor" });
  await grantProjectAccess(admin.actor, org, "payments", { team: "ops", permission: "editor" });

  const pat = await createAccessToken(admin.actor, { name: "hostile-suite" });
  const memberPat = await createAccessToken(member.actor, { name: "hostile-suite" });
  const outsiderPat = await createAccessToken(outsider.actor, { name: "hostile-suite" });
  const revokedPat = await createAccessToken(admin.actor, { name: "revoked" });
  await revokeAccessToken(admin.actor, revokedPat.id);
  const expiredPat = await createAccessToken(admin.actor, { name: "expired" });
  await db().accessToken.update({ where: { id: expiredPat.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });

  const activeRun = await createRunToken(admin.actor, ref, { uses: 100 });
  const revokedRun = await createRunToken(admin.actor, ref, {});
  await revokeRunToken(admin.actor, ref, revokedRun.id);
  const scratchRuns = [await createRunToken(admin.actor, ref, {}), await createRunToken(admin.actor, ref, {})];
  const scratchPat = await createAccessToken(admin.actor, { name: "scratch" });
  const session = await createOpenSession(admin.actor, ref, undefined, 3600, { via: "api" });
  if (!("id" in session)) throw new Error(`seed: the environment did not open: ${JSON.stringify(session.errors)}`);
  const anonymous = await createAnonymousOpenSession(admin.actor, ref.org, `imports:\n  - ${ref.project}/${ref.name}\nvalues:\n  greeting: hello\n`, 3600, { via: "api" });
  if (!("id" in anonymous)) throw new Error(`seed: the definition did not open: ${JSON.stringify(anonymous.errors)}`);
  // Leases are recorded by opens against a cloud; these rows stand for an azure-sp open whose
  // principal is already gone (no ids), so revoking them needs no cloud and only ends the row.
  const lease = await seedLease(ref, admin.actor);
  const scratchLeases = [await seedLease(ref, admin.actor), await seedLease(ref, admin.actor)];
  const outsiderLease = await seedLease(otherRef, outsider.actor);
  // Invitations: scratch ones for the revoke control, the outsider's own (another
  // organization's), and one to a third organization for the victim's admin to accept.
  const scratchInvitations = [
    await createInvitation(admin.actor, org, { email: `invitee-a-${tag}@example.com` }),
    await createInvitation(admin.actor, org, { email: `invitee-b-${tag}@example.com` }),
  ];
  const outsiderInvitation = await createInvitation(outsider.actor, otherOrg, { email: `invitee-o-${tag}@example.com` });
  const thirdOrg = `invite-${tag}`;
  await createOrganization(extra.actor, { name: thirdOrg });
  const adminInvitation = await createInvitation(extra.actor, thirdOrg, { email: admin.email });

  console.log(
    JSON.stringify({
      password: SEED_PASSWORD,
      victim: {
        org,
        ref,
        adminEmail: admin.email,
        memberEmail: member.email,
        extraEmail: extra.email,
        pat: pat.token,
        patId: pat.id,
        memberPat: memberPat.token,
        revokedPat: revokedPat.token,
        expiredPat: expiredPat.token,
        runToken: activeRun.token,
        runTokenId: activeRun.id,
        revokedRunToken: revokedRun.token,
        openSession: session.id,
        anonymousSession: anonymous.id,
        leaseId: lease,
        team: "ops",
        scratch: { teams: ["scratch", "scratch2", "scratch3", "scratch4"], envs: ["scratch", "scratch2"], tags: ["scratch", "scratch2"], runTokenIds: scratchRuns.map((r) => r.id), patId: scratchPat.id, leaseIds: scratchLeases, invitationIds: scratchInvitations.map((i) => i.id) },
        invitationForAdmin: adminInvitation.token,
      },
      outsider: { org: otherOrg, ref: otherRef, email: outsider.email, pat: outsiderPat.token, leaseId: outsiderLease, invitationId: outsiderInvitation.id },
    }),
  );
}

async function seedLease(ref: EnvironmentRef, opener: Actor): Promise<string> {
  const org = await db().organization.findUniqueOrThrow({ where: { name: ref.org } });
  const env = await db().environment.findFirstOrThrow({ where: { organizationId: org.id, project: ref.project, name: ref.name } });
  const now = Date.now();
  const row = await db().lease.create({
    data: {
      id: randomUUID(),
      organizationId: org.id,
      environmentId: env.id,
      project: ref.project,
      environment: ref.name,
      revision: env.headRevision,
      provider: "azure-sp",
      openedById: opener.userId,
      via: "console",
      issuedAt: new Date(now),
      expiresAt: new Date(now + 3600_000),
      maxExpiresAt: new Date(now + 24 * 3600_000),
      renewable: true,
      revocable: true,
      state: "active",
    },
  });
  return row.id;
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
