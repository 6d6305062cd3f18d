// Expected failures carry a code and a message written for the user. Anything that is not an
// AppError is a bug or an outage: callers log it with a reference and show a generic message.

export type AppErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "too_many_requests"
  | "payload_too_large"
  | "method_not_allowed"
  | "unsupported_media_type";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** per-field messages for forms: { name: "Use letters, digits ..." } */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "That page") => new AppError("not_found", `${what} was not found.`);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
};

