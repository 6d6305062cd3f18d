// What an actor may do with one environment. Organization admins may do everything. Members
// default to "editor"; an EnvironmentPermission row can narrow (or widen) that per user.
// Rights are ordered: reader < opener < editor < admin.
//  - reader: see definitions (secrets as ciphertext), revisions, tags
//  - opener: also resolve values, reveal secrets, mint credentials, create run commands
//  - editor: also save revisions, tag, roll back
//  - admin:  also delete the environment
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { requireMembership } from "../orgs/access";
import type { EnvironmentRef } from "./schema";

export const RIGHTS = ["reader", "opener", "editor", "admin"] as const;
export type Right = (typeof RIGHTS)[number];

const MEMBER_DEFAULT: Right = "editor";

const rank = (r: Right) => RIGHTS.indexOf(r);

export interface EnvironmentAccess {
  org: { id: string; name: string };
  role: string;
  env: { id: string; project: string; name: string; headRevision: number; createdAt: Date; updatedAt: Date };
  right: Right;
}

/** Finds an environment the actor may see; anything else is "not found". */
export async function requireEnvironment(actor: Actor, ref: EnvironmentRef, needed: Right = "reader"): Promise<EnvironmentAccess> {
  const { org, role } = await requireMembership(actor, ref.org);
  if (typeof ref.project !== "string" || typeof ref.name !== "string") throw notFound("Environment");
  const env = await db().environment.findUnique({
    where: { organizationId_project_name: { organizationId: org.id, project: ref.project, name: ref.name } },
    select: { id: true, project: true, name: true, headRevision: true, createdAt: true, updatedAt: true },
  });
  if (!env) throw notFound("Environment");
  const right = await rightOn(actor, role, env.id);
  if (rank(right) < rank(needed)) {
    throw new AppError("forbidden", `You can't ${VERB[needed]} ${ref.org}/${ref.project}/${ref.name}: your access is "${right}". Ask an admin of ${ref.org}.`);
  }
  return { org, role, env, right };
}

const VERB: Record<Right, string> = {
  reader: "read",
  opener: "open",
  editor: "edit",
  admin: "administer",
};

/** The actor's right on an environment of an organization whose membership was checked. */
export async function rightOn(actor: Actor, role: string, environmentId: string): Promise<Right> {
  if (role === "admin") return "admin";
  const grant = await db().environmentPermission.findUnique({
    where: { environmentId_userId: { environmentId, userId: actor.userId } },
    select: { permission: true },
  });
  return (grant?.permission as Right | undefined) ?? MEMBER_DEFAULT;
}

export const can = (access: { right: Right }, needed: Right) => rank(access.right) >= rank(needed);
