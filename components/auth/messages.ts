export function signInErrorMessage(code: string | undefined | null): string | undefined {
  if (!code) return undefined;
  if (code === "Throttled") return "Too many failed attempts. Wait 15 minutes, then try again.";
  if (code === "CredentialsSignin") return "That email and password don't match an account.";
  if (code === "SessionRequired") return "Sign in to continue.";
  return "Sign-in failed. Try again.";
}
