// Operator commands (npm run admin). They act for the operator, not for a signed-in user, and
// are reachable only from a shell on the server.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { hashPassword } from "../auth/password";
import { parseInput } from "../validation/form";
import { ZOrgName } from "../validation/names";
import { recordAudit } from "../audit/record";
import { createAccessToken, type CreatedAccessToken } from "../tokens/access-tokens";
import { ZEmail, ZPassword } from "./schema";

const ZBootstrap = z.object({ email: ZEmail, password: ZPassword, org: ZOrgName });

/** Creates the first user and organization on an empty database, and a token for automation. */
export async function bootstrap(input: unknown): Promise<{ email: string; org: string; token: CreatedAccessToken }> {
  const { email, password, org } = parseInput(ZBootstrap, input);
  const passwordHash = await hashPassword(password);
  const userId = await db().$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) {
      throw new AppError("conflict", "This database already has users; bootstrap only sets up an empty one. Use `create-token` for an existing user.");
    }
    const user = await tx.user.create({ data: { email, passwordHash } });
    const organization = await tx.organization.create({ data: { name: org } });
    await tx.membership.create({ data: { organizationId: organization.id, userId: user.id, role: "admin" } });
    await recordAudit({ organizationId: organization.id, actorId: user.id, action: "organization.bootstrap", target: org }, tx);
    return user.id;
  });
  const token = await createAccessToken({ userId }, { name: "bootstrap" });
  return { email, org, token };
}

/** Creates a personal access token for an existing user, identified by email. */
export async function createTokenForUser(input: unknown): Promise<CreatedAccessToken> {
  const { email, name, expiresAt } = parseInput(
    z.object({ email: ZEmail, name: z.string(), expiresAt: z.string().optional() }),
    input,
  );
  const user = await db().user.findUnique({ where: { email } });
  if (!user) throw new AppError("not_found", `No user has the email ${email}.`);
  return createAccessToken({ userId: user.id }, { name, expiresAt });
}
