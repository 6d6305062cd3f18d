import "server-only";
import { z } from "zod";
import { ZOrgName } from "../validation/names";

export const ROLES = ["admin", "member"] as const;
export type TRole = (typeof ROLES)[number];

export const ZCreateOrganization = z.object({ name: ZOrgName });

/** What the console shows once after inviting: the whole link is never stored. */
export interface SentInvitation {
  email: string;
  role: string;
  /** the whole link, shown once */
  link: string;
  expiresAt: string;
}
