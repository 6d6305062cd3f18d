// Email + password sign-in (next-auth's credentials `authorize`), throttled (./throttle.ts) and
// audited. Sign-ins belong to no organization: they are instance-level audit events, recorded
// against the account when it exists, and shown to its owner under Account → Activity
// (lib/audit/account-activity.ts). Attempts on addresses without an account have no actor.
import "server-only";
import { db } from "../db/client";
import { ZEmail } from "../users/schema";
import { recordAudit } from "../audit/record";
import { decoyHash, verifyPassword } from "./password";
import { clearAccountFailures, isThrottled, recordFailure } from "./throttle";
import { clientAddress } from "./client-address";

/** Error codes the sign-in page turns into messages (next-auth passes them as ?error=). */
export const SIGN_IN_ERRORS = { throttled: "Throttled", invalid: "CredentialsSignin" } as const;

type HeaderBag = Record<string, string | string[] | undefined> | undefined;

export async function signInWithPassword(
  credentials: Record<string, unknown> | undefined,
  headers: HeaderBag,
): Promise<{ id: string; email: string; name: string | null } | null> {
  const email = ZEmail.safeParse(credentials?.email);
  const password = credentials?.password;
  if (!email.success || typeof password !== "string" || password.length === 0 || password.length > 200) return null;
  const address = clientAddress(headers);
  const ua = headers?.["user-agent"];
  const audit = (actorId: string | null, result: "allowed" | "refused", reason?: string) =>
    recordAudit({ actorId, action: "user.sign-in", target: email.data, result, address, userAgent: typeof ua === "string" ? ua : undefined, detail: reason ? { reason } : undefined });
  if (await isThrottled(email.data, address)) {
    const known = await db().user.findUnique({ where: { email: email.data }, select: { id: true } });
    await audit(known?.id ?? null, "refused", "throttled");
    throw new Error(SIGN_IN_ERRORS.throttled);
  }
  const user = await db().user.findUnique({ where: { email: email.data } });
  // Verify against a decoy when the account does not exist, so timing does not reveal it.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok) {
    await recordFailure(email.data, address);
    await audit(user?.id ?? null, "refused", user ? "wrong password" : "no such account");
    return null;
  }
  await clearAccountFailures(email.data, address);
  await audit(user.id, "allowed");
  return { id: user.id, email: user.email, name: user.name };
}
