import { randomBytes } from "node:crypto";
import { signUp } from "../lib/users/users";
import { createOrganization } from "../lib/orgs/orgs";
import type { Actor } from "../lib/auth/actor";

export const uid = () => randomBytes(4).toString("hex");

export async function makeUser(prefix = "user"): Promise<Actor & { email: string }> {
  const email = `${prefix}-${uid()}@example.com`;
  const user = await signUp({ email, password: "test password 123" });
  return { userId: user.id, email };
}

export async function makeOrg(owner: Actor, prefix = "org"): Promise<string> {
  return (await createOrganization(owner, { name: `${prefix}-${uid()}` })).name;
}
