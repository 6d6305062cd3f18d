// next-auth's own reports, routed into Ferry's structured log. Left alone, next-auth v4 writes
// them to stderr as multi-line text with its error's raw message and stack: outside pino's JSON
// (a log shipper splits them into fragments) and outside its scrubbing. Here each becomes one
// line with next-auth's code and the error, cleaned by the logger's `err` serializer.
import "server-only";
import { log, scrub } from "../ops/log";

/**
 * Codes a client causes by presenting a session cookie that does not verify (forged, from
 * another deployment, or sealed under a rotated signing secret). Expected on the open
 * internet, so a warning; every other code is Ferry's or next-auth's fault and an error.
 */
const CLIENT_FAULTS = new Set(["JWT_SESSION_ERROR", "SIGNOUT_ERROR"]);

type Metadata = Error | { error?: unknown; [key: string]: unknown } | undefined;

function errorOf(metadata: Metadata): unknown {
  if (metadata instanceof Error) return metadata;
  return metadata && typeof metadata === "object" ? metadata.error : undefined;
}

/** next-auth codes are SCREAMING_SNAKE; anything else is cut and cleaned before it is logged. */
const cleanCode = (code: unknown) => scrub(typeof code === "string" ? code : String(code)).slice(0, 80);

/** The `logger` option of next-auth's configuration (lib/auth/options.ts). */
export const nextAuthLogger = {
  error(code: string, metadata: Metadata) {
    const level = CLIENT_FAULTS.has(code) ? "warn" : "error";
    log()[level]({ code: cleanCode(code), err: errorOf(metadata) }, "sign-in: next-auth reported an error");
  },
  warn(code: string) {
    log().warn({ code: cleanCode(code) }, "sign-in: next-auth configuration warning");
  },
  // next-auth's debug metadata holds tokens and sessions in the clear: only the code is kept.
  debug(code: string) {
    log().debug({ code: cleanCode(code) }, "sign-in: next-auth debug");
  },
};
