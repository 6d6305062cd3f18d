// next-auth's reports reach Ferry's structured log, not stderr: a forged session cookie goes
// through the real next-auth session check (its pages-router form of getServerSession, which
// needs no Next request scope) with Ferry's real options, and the test reads the JSON lines the
// logger writes.
import { getServerSession } from "next-auth";
import { describe, expect, it, vi } from "vitest";
import { captureLogLines, logAtDebugLevel } from "../../testing/log-lines";
import { nextAuthLogger } from "./auth-log";
import { authOptions } from "./options";

logAtDebugLevel();

function sessionRequest(cookie: string) {
  const headers = { cookie, host: "localhost:3000" };
  const cookies = Object.fromEntries(cookie.split("; ").map((c) => c.split(/=(.*)/s).slice(0, 2)));
  const res = { getHeader: () => undefined, setHeader: () => res };
  return [{ headers, cookies }, res] as const;
}

describe("next-auth's logger", () => {
  it("logs a session cookie that does not decrypt as one warning line with the error's class, nothing on stderr", async () => {
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    const lines = captureLogLines();
    const forged = `next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..${"A".repeat(22)}.${"B".repeat(40)}.${"C".repeat(22)}`;
    const [req, res] = sessionRequest(forged);

    const session = await getServerSession(req as never, res as never, await authOptions());

    expect(session).toBeNull();
    expect(stderr).not.toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "warn",
      msg: "sign-in: next-auth reported an error",
      code: "JWT_SESSION_ERROR",
      err: { type: expect.stringMatching(/^JWE/), message: expect.stringMatching(/\w/), stack: expect.arrayContaining([expect.stringMatching(/^at /)]) },
    });
    expect(JSON.stringify(lines)).not.toContain("A".repeat(22)); // the cookie never reaches the line
  });

  it("logs Ferry's or next-auth's own faults as errors, with the error cleaned", () => {
    const lines = captureLogLines();
    const token = `fry_pat_${"x".repeat(30)}`;
    nextAuthLogger.error("SESSION_ERROR", { error: new TypeError(`lookup failed for ${token}`), extra: token });
    nextAuthLogger.error("SIGNIN_EMAIL_ERROR", new Error("password: hunter2"));
    const minified = Object.assign(new Error("decryption operation failed"), { name: "", code: "ERR_JWE_DECRYPTION_FAILED" });
    nextAuthLogger.error("SESSION_ERROR", minified); // a class name lost to a minifier, as in Next's build
    expect(lines).toMatchObject([
      { level: "error", code: "SESSION_ERROR", err: { type: "TypeError", message: "lookup failed for [redacted]" } },
      { level: "error", code: "SIGNIN_EMAIL_ERROR", err: { type: "Error", message: "password: [redacted]" } },
      { level: "error", code: "SESSION_ERROR", err: { type: "Error", code: "ERR_JWE_DECRYPTION_FAILED" } },
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(JSON.stringify(lines)).not.toContain("hunter2");
  });

  it("keeps only the code of a debug report, whose metadata holds tokens in the clear", () => {
    const lines = captureLogLines();
    (nextAuthLogger.debug as (code: string, metadata: unknown) => void)("JWT_DECODE", { token: "session-token-in-the-clear" });
    expect(lines).toMatchObject([{ level: "debug", code: "JWT_DECODE", msg: "sign-in: next-auth debug" }]);
    expect(JSON.stringify(lines)).not.toContain("session-token-in-the-clear");
  });
});
