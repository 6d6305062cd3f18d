import { db } from "../db/client";
import { AppError } from "../errors";
import { hashPassword } from "../auth/password";
import { parseInput } from "../validation/form";
import { ZSignUp } from "./schema";
import type { Actor } from "../auth/actor";

export interface UserDto {
  id: string;
  email: string;
  name: string | null;
}

/** Creates an account. Open sign-up: anyone who can reach the console may register. */
export async function signUp(input: unknown): Promise<UserDto> {
  const { email, password, name } = parseInput(ZSignUp, input);
  const existing = await db().user.findUnique({ where: { email } });
  if (existing) {
    throw new AppError("conflict", "An account with that email already exists. Sign in instead.", { email: "An account with that email already exists." });
  }
  const passwordHash = await hashPassword(password);
  try {
    const user = await db().user.create({ data: { email, passwordHash, name: name || null } });
    return { id: user.id, email: user.email, name: user.name };
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", "An account with that email already exists. Sign in instead.", { email: "An account with that email already exists." });
    }
    throw e;
  }
}

export async function getCurrentUser(actor: Actor): Promise<UserDto | null> {
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { id: true, email: true, name: true } });
  return user;
}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
