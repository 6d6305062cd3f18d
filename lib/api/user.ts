import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { listOrganizations } from "../orgs/orgs";
import { getCurrentUser } from "../users/users";

export async function describeUser(actor: Actor) {
  const [user, orgs] = await Promise.all([getCurrentUser(actor), listOrganizations(actor)]);
  if (!user) throw new AppError("unauthenticated", "The account behind this token no longer exists.");
  return {
    githubLogin: user.email,
    name: user.name ?? user.email,
    email: user.email,
    organizations: orgs.map((o) => ({ githubLogin: o.name, name: o.name })),
  };
}
