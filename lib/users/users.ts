import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors";
import { hashPassword } from "../auth/password";
import { parseInput } from "../validation/form";
import { ZSignUp, ZSignUpForm } from "./schema";
import type { Actor } from "../auth/actor";
import { isUniqueViolation } from "../db/unique-violation";
import { takeSignUpAttempt } from "../auth/throttle";
import { recordAudit } from "../audit/record";
import { config, type SignUpConfig } from "../config";
import { checkInvitationForSignUp } from "../orgs/invitations";
import { signUpRefusal } from "./sign-up-policy";

export interface UserDto {
  id: string;
  email: string;
  name: string | null;
}

/**
 * The one answer of the public sign-up form, whether it created the account or one already
 * had this address: the form must not tell a stranger which addresses have accounts.
 */
export const SIGN_UP_DONE = "If this address can sign up, the account is ready; sign in.";

export interface SignUpContext {
  address?: string;
  userAgent?: string;
}

/**
 * The public sign-up form: throttled per client address, held to the sign-up policy, and
 * answered the same way (in words and in time: both paths hash the password and write once)
 * whether or not the address already had an account.
 */
export async function signUpFromForm(input: unknown, context: SignUpContext = {}, policy: SignUpConfig = config().signUp): Promise<{ email: string }> {
  const { email, password, name, invitation } = parseInput(ZSignUpForm, input);
  if (!(await takeSignUpAttempt(context.address))) {
    throw new AppError("too_many_requests", "Too many sign-ups from your address. Try again in a quarter of an hour.");
  }
  const firstAccount = (await db().user.findFirst({ select: { id: true } })) === null;
  if (invitation) await checkInvitationForSignUp(invitation, email);
  const refusal = signUpRefusal(policy, email, { invited: invitation !== undefined, firstAccount });
  if (refusal) throw new AppError("forbidden", refusal);
  const passwordHash = await hashPassword(password);
  const audit = { target: email, address: context.address, userAgent: context.userAgent, action: "user.sign-up" };
  try {
    const user = await db().user.create({ data: { email, passwordHash, name } });
    await recordAudit({ ...audit, actorId: user.id, detail: invitation ? { via: "invitation" } : undefined });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // Recorded against the existing account, so its owner sees the attempt under Account.
    const existing = await db().user.findUnique({ where: { email }, select: { id: true } });
    await recordAudit({ ...audit, actorId: existing?.id ?? null, result: "refused", detail: { reason: "an account with this address exists" } });
  }
  return { email };
}

/** Creates an account without any policy: for operator tooling and seeds, never a public route. */
export async function signUp(input: unknown): Promise<UserDto> {
  const { email, password, name } = parseInput(ZSignUp, input);
  const passwordHash = await hashPassword(password);
  try {
    const user = await db().user.create({ data: { email, passwordHash, name: name || null } });
    return { id: user.id, email: user.email, name: user.name };
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", "An account with that email already exists.", { email: "An account with that email already exists." });
    }
    throw e;
  }
}

export async function getCurrentUser(actor: Actor): Promise<UserDto | null> {
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { id: true, email: true, name: true } });
  return user;
}

export { isUniqueViolation };
