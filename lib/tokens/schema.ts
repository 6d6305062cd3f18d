import "server-only";
import { z } from "zod";

export const ZCreateAccessToken = z.object({
  name: z.string({ message: "Name the token." }).trim().min(1, "Name the token.").max(100, "A token name can be at most 100 characters."),
  expiresAt: z.coerce.date().optional().refine((d) => !d || d.getTime() > Date.now(), "The expiry must be in the future."),
});
