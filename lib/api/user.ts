import "server-only";
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

/**
 * The organization clients use when none is named: the user's only one, else the first by name
 * (what the console lists first). No organization at all is a 404, which the esc CLI reads as
 * "the server has no opinion".
 */
export async function defaultOrganization(actor: Actor) {
  const orgs = await listOrganizations(actor);
  if (orgs.length === 0) throw new AppError("not_found", "You are not a member of any organization yet.");
  return { gitHubLogin: orgs[0].name, messages: [] };
}
