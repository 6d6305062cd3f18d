// next-auth (v4) configuration: email + password, JWT sessions signed with a secret that lives
// in the database so every instance shares it.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client";
import { config } from "../config";
import { ZEmail } from "../users/schema";
import { decoyHash, verifyPassword } from "./password";
import { clearAccountFailures, isThrottled, recordFailure } from "./throttle";
import { clientAddress } from "./client-address";

/** Error codes the sign-in page turns into messages (next-auth passes them as ?error=). */
export const SIGN_IN_ERRORS = { throttled: "Throttled", invalid: "CredentialsSignin" } as const;

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

let cached: Promise<NextAuthOptions> | undefined;

export function authOptions(): Promise<NextAuthOptions> {
  return (cached ??= build().catch((e) => {
    cached = undefined;
    throw e;
  }));
}

async function build(): Promise<NextAuthOptions> {
  // next-auth v4 reads its base URL from the environment.
  process.env.NEXTAUTH_URL ??= config().url;
  const secret = await db().instanceSecret.findUnique({ where: { name: "session-signing" } });
  if (!secret) throw new Error("The database has no session-signing secret: start Ferry with `npm start`, which migrates the database first.");
  return {
    secret: secret.value,
    useSecureCookies: config().secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const email = ZEmail.safeParse(credentials?.email);
          const password = credentials?.password;
          if (!email.success || typeof password !== "string" || password.length === 0 || password.length > 200) return null;
          const address = clientAddress(req?.headers);
          if (await isThrottled(email.data, address)) throw new Error(SIGN_IN_ERRORS.throttled);
          const user = await db().user.findUnique({ where: { email: email.data } });
          // Verify against a decoy when the account does not exist, so timing does not reveal it.
          const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
          if (!user || !ok) {
            await recordFailure(email.data, address);
            return null;
          }
          await clearAccountFailures(email.data);
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
