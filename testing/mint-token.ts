// For tests that build a provider's execution context by hand: mints as the open would, for the
// context's user on the context's environment (authorized here, once, like an open does).
import type { EnvironmentRef } from "../lib/environments/schema";
import { environmentTokenMinter } from "../lib/environments/token-minting";
import { subjectInputFromContext } from "../lib/oidc/claims";
import type { MintedToken, MintRequest } from "../lib/oidc/tokens";

export async function mintForContext(req: MintRequest): Promise<MintedToken> {
  const user = (req.context.pulumi as { user?: { id?: unknown } } | undefined)?.user;
  if (typeof user?.id !== "string") throw new Error("the test context names no user");
  const who = subjectInputFromContext(req.context);
  const [project, name] = who.currentEnvironment.split("/");
  const ref: EnvironmentRef = { org: who.org, project, name };
  return (await environmentTokenMinter({ userId: user.id }, ref))(req);
}
