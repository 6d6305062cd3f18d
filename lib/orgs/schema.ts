import { z } from "zod";
import { ZOrgName } from "../validation/names";
import { ZEmail } from "../users/schema";

export const ROLES = ["admin", "member"] as const;
export type TRole = (typeof ROLES)[number];

export const ZCreateOrganization = z.object({ name: ZOrgName });

export const ZAddMember = z.object({
  email: ZEmail,
  role: z.enum(ROLES, { message: "Choose a role: admin or member." }),
});
export type TAddMember = z.infer<typeof ZAddMember>;
