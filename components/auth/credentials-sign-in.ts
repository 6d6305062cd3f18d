"use client";

// Signs in with email and password through next-auth's own endpoints, as next-auth/react's
// signIn() does, but reporting a request that never reached the server instead of navigating
// to next-auth's error page (which is what signIn() does when it cannot list the providers).

export type SignInOutcome = { ok: true } | { ok: false; error: string } | { ok: false; unreachable: true };

const BASE = "/api/auth";

export async function signInWithCredentials(email: string, password: string, callbackUrl: string): Promise<SignInOutcome> {
  try {
    const csrf = await fetch(`${BASE}/csrf`, { cache: "no-store" });
    const { csrfToken } = (await csrf.json()) as { csrfToken?: unknown };
    if (typeof csrfToken !== "string") return { ok: false, unreachable: true };
    const res = await fetch(`${BASE}/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl, json: "true" }),
    });
    const { url } = (await res.json()) as { url?: unknown };
    const error = typeof url === "string" ? new URL(url, window.location.origin).searchParams.get("error") : "Unknown";
    return res.ok && !error ? { ok: true } : { ok: false, error: error ?? "CredentialsSignin" };
  } catch {
    // fetch rejects only when no response came back; a body that is not JSON is a proxy's page
    return { ok: false, unreachable: true };
  }
}
