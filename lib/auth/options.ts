// next-auth (v4) configuration: email + password, JWT sessions signed with a secret that lives
// in the database (sealed under the instance data key) so every instance shares it.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "../config";
import { sessionSigningSecret } from "../crypto/instance-secrets";
import { nextAuthLogger } from "./auth-log";
import { signInWithPassword } from "./sign-in";

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
  const secret = await sessionSigningSecret();
  return {
    secret,
    useSecureCookies: config().secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: nextAuthLogger,
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials, req) => signInWithPassword(credentials, req?.headers),
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
