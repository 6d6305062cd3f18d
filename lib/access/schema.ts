// Input shapes for teams, grants and the default permission, shared by server actions, the
// REST routes and the CLI's requests.
import "server-only";
import { z } from "zod";
import { ZEmail } from "../users/schema";
import { DEFAULT_PERMISSIONS, RIGHTS } from "./rights";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const ZTeamName = z
  .string({ message: "Enter a team name." })
  .trim()
  .min(1, "Enter a team name.")
  .max(64, "A team name can be at most 64 characters.")
  .regex(NAME, 'A team name may contain only letters, digits, "-", "_" and ".", and must start with a letter or digit.');

export const ZCreateTeam = z.object({ name: ZTeamName });
export const ZRenameTeam = z.object({ name: ZTeamName });
export const ZTeamMember = z.object({ email: ZEmail });

export const ZDefaultPermission = z.object({
  permission: z.enum(DEFAULT_PERMISSIONS, { message: "Choose none, read, open or write." }),
});

const ZRight = z.enum(RIGHTS, { message: "Choose reader, opener, editor or admin." });

/** Who a grant is for: exactly one of a member's email or a team's name. */
export const ZGrantee = z
  .object({ user: ZEmail.optional(), team: ZTeamName.optional() })
  .refine((g) => (g.user === undefined) !== (g.team === undefined), { message: "Name either a user (email) or a team, not both.", path: ["user"] });

export const ZGrant = ZGrantee.and(z.object({ permission: ZRight }));
export type TGrant = z.infer<typeof ZGrant>;

/** A console form's single grantee choice, "user:<email>" or "team:<name>", as a grant's subject. */
export function granteeFromKey(key: unknown): { user?: string; team?: string } {
  if (typeof key === "string" && key.startsWith("user:")) return { user: key.slice(5) };
  if (typeof key === "string" && key.startsWith("team:")) return { team: key.slice(5) };
  // neither: the grant's own validation names what is missing
  return {};
}
