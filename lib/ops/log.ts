// Structured logs: one JSON object a line on stdout (pino), for a log shipper to read. Level from
// FERRY_LOG_LEVEL (trace … fatal, or silent; default info). What must never reach a log:
// tokens (access, run, lease, session cookies) and secret values. Three layers keep them out:
//  - request lines carry the route template, never the raw URL or query (a token or a value can
//    sit in either), and no headers;
//  - pino's redaction censors fields named like credentials wherever a caller logs an object;
//  - errors are logged as their class and a cleaned message: Ferry-made token strings and
//    anything quoted after "secret"/"password"/"token" are masked, and the stack keeps only frames.
// The instance lives on globalThis: Next's bundle and Ferry's server load lib/ separately.
import "server-only";
import { randomBytes } from "node:crypto";
import pino, { type Logger } from "pino";

const REDACT = [
  "authorization",
  "cookie",
  "token",
  "password",
  "secret",
  "plaintext",
  "value",
  "values",
  "yaml",
  "*.authorization",
  "*.cookie",
  "*.token",
  "*.password",
  "*.secret",
  "*.plaintext",
  "*.value",
  "*.values",
  "*.yaml",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
];

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

const KEY = Symbol.for("ferry.log");

function create(): Logger {
  const wanted = (process.env.FERRY_LOG_LEVEL ?? "info").toLowerCase();
  const level = LEVELS.has(wanted) ? wanted : "info";
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT, censor: "[redacted]" },
      serializers: { err: errorFields },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 1, sync: false, minLength: 0 }),
  );
}

export function log(): Logger {
  const g = globalThis as { [KEY]?: Logger };
  return (g[KEY] ??= create());
}

const REQUEST_KEY = Symbol.for("ferry.log.requests");

/**
 * The logger of request lines (server/ops.ts), without the redaction pass: a request line's
 * fields are fixed (id, method, route template, status, time, address) and never carry a
 * credential or a value (the first layer above), and redaction cost 4 µs a line, 3.6% of a
 * `GET …/{env}` under load. Every other log goes through log() and its redaction.
 */
export function requestLog(): Logger {
  const g = globalThis as { [REQUEST_KEY]?: Logger };
  return (g[REQUEST_KEY] ??= log().child({}, { redact: { paths: [] } }));
}

/** Ferry's own token formats (lib/tokens/secret-token.ts) and JWT-looking strings. */
const TOKENISH = /\b(?:fry_[a-z]+_[A-Za-z0-9_-]{8,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)/g;
const NAMED = /((?:secret|password|token|ciphertext|plaintext|authorization)\w*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi;

export function scrub(text: string): string {
  return text.replace(TOKENISH, "[redacted]").replace(NAMED, "$1[redacted]").slice(0, 2000);
}

/** An error as log fields: its class, a scrubbed message, stack frames without messages. */
export function errorFields(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { type: typeof e };
  const frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 12).map((l) => scrub(l.trim()));
  const code = (e as { code?: unknown }).code;
  // A minified bundle can leave a library's error class without a name (jose's, in Next's build).
  return { type: e.name || "Error", message: scrub(e.message), ...(typeof code === "string" ? { code } : {}), stack: frames };
}

/**
 * Logs a failure that is not an AppError under a fresh reference and returns the reference: the
 * one way server actions and the REST API report the unexpected, so both show only the reference
 * (and the log gets the scrubbed error, never its raw text).
 */
export function logUnexpected(e: unknown, where: "action" | "API"): string {
  const ref = randomBytes(4).toString("hex");
  log().error({ ref, err: e }, `unexpected ${where} error`);
  return ref;
}
