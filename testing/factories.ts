import { randomBytes } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { createOrganization } from "../lib/orgs/orgs";
import { acceptInvitation, createInvitation } from "../lib/orgs/invitations";
import type { Actor } from "../lib/auth/actor";
import { db } from "../lib/db/client";

export const uid = () => randomBytes(4).toString("hex");

export const TEST_PASSWORD = "test password 123";
let testPasswordHash: Promise<string> | undefined;

/**
 * A user whose password is TEST_PASSWORD. One real scrypt hash per test process, shared by every
 * user: hashing costs ~0.1 s by design and the suites make hundreds of users (sign-up itself is
 * tested through lib/users).
 */
export async function makeUser(prefix = "user"): Promise<Actor & { email: string }> {
  const email = `${prefix}-${uid()}@example.com`;
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const user = await db().user.create({ data: { email, passwordHash: await testPasswordHash }, select: { id: true } });
  return { userId: user.id, email };
}

export async function makeOrg(owner: Actor, prefix = "org"): Promise<string> {
  return (await createOrganization(owner, { name: `${prefix}-${uid()}` })).name;
}

/** A user's grant on one environment, written directly (for tests of what the grant does). */
export async function grantOnEnvironment(environmentId: string, userId: string, permission: string): Promise<void> {
  const env = await db().environment.findUniqueOrThrow({ where: { id: environmentId }, select: { organizationId: true, project: true } });
  const key = { organizationId: env.organizationId, scope: `env:${environmentId}`, subject: `user:${userId}` };
  await db().accessGrant.upsert({
    where: { organizationId_scope_subject: key },
    create: { ...key, project: env.project, environmentId, userId, permission },
    update: { permission },
  });
}

/** Makes `email` a member the way the console does: an admin's invitation, accepted by its owner. */
export async function addMember(admin: Actor, org: string, input: { email: string; role: "admin" | "member" }): Promise<void> {
  const invitation = await createInvitation(admin, org, input);
  const user = await db().user.findUniqueOrThrow({ where: { email: input.email.trim().toLowerCase() }, select: { id: true } });
  await acceptInvitation({ userId: user.id }, invitation.token);
}
