import type { Actor } from "../auth/actor";
import type { EnvironmentRef } from "../environments/schema";
import { AppError } from "../errors";
import { parseDuration } from "../runs/schema";
import { createOpenSession, DEFAULT_OPEN_SECONDS } from "./open-sessions";
import { requestInfo } from "./http";

/** POST …/open?duration=2h and …/versions/{v}/open */
export async function openFromRequest(request: Request, actor: Actor, ref: EnvironmentRef, version?: string) {
  const d = new URL(request.url).searchParams.get("duration");
  const seconds = d ? parseDuration(d) : DEFAULT_OPEN_SECONDS;
  if (seconds === undefined || seconds <= 0) throw new AppError("invalid_input", `"${d?.slice(0, 20)}" is not a duration; use for example 15m or 2h.`);
  const ua = request.headers.get("user-agent") ?? "";
  return createOpenSession(actor, ref, version, seconds, { via: ua.startsWith("ferry-cli/") ? "cli" : "api", ...requestInfo(request) });
}
