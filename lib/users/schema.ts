import "server-only";
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

// Printable text only: a name is shown in headers, member lists and audit exports.
export const ZDisplayName = z
  .string({ message: "Enter your name." })
  .trim()
  .min(1, "Enter your name, as your teammates should see it.")
  .max(100, "A name can be at most 100 characters.")
  .refine((v) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(v), "A name cannot contain control or formatting characters.");

/** An account as operator tooling and seeds create it; the public form is ZSignUpForm. */
export const ZSignUp = z.object({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().max(100, "A name can be at most 100 characters.").optional().or(z.literal("")),
});
export type TSignUp = z.infer<typeof ZSignUp>;

/** The public sign-up form: a name is required; `invitation` is the token of the link it came from. */
export const ZSignUpForm = z.object({
  email: ZEmail,
  password: ZPassword,
  name: ZDisplayName,
  invitation: z
    .string()
    .max(200, "That invitation link is not valid.")
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type TSignUpForm = z.infer<typeof ZSignUpForm>;
