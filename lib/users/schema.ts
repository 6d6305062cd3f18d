import { z } from "zod";

export const ZEmail = z
  .string({ message: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .email("Enter a valid email address.");

export const ZPassword = z
  .string({ message: "Enter a password." })
  .min(10, "Use at least 10 characters for the password.")
  .max(200, "A password can be at most 200 characters.");

export const ZSignUp = z.object({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().max(100, "A name can be at most 100 characters.").optional().or(z.literal("")),
});
export type TSignUp = z.infer<typeof ZSignUp>;
