import "server-only";
import type { Actor, Caller } from "../auth/actor";
import type { EnvironmentRef } from "../environments/schema";
import type { OpenAuditInfo } from "../environments/evaluate";
import { AppError } from "../errors";
import { parseDuration } from "../esc/duration";
import { createAnonymousOpenSession, createOpenSession, DEFAULT_OPEN_SECONDS, type OpenedSession } from "../environments/open-sessions";
import { ANONYMOUS_NAME } from "../environments/evaluate";
import { escDiagnostic } from "./esc-shapes";
import { json, readText, requestInfo } from "./http";
import { MAX_DEFINITION_BYTES } from "../environments/schema";

function openRequest(request: Request): { seconds: number; audit: OpenAuditInfo } {
  const d = new URL(request.url).searchParams.get("duration");
  const seconds = d ? parseDuration(d) : DEFAULT_OPEN_SECONDS;
  if (seconds === undefined || !Number.isSafeInteger(seconds) || seconds <= 0) throw new AppError("invalid_input", `"${d?.slice(0, 20)}" is not a duration; use for example 15m or 2h.`);
  const ua = request.headers.get("user-agent") ?? "";
  return { seconds, audit: { via: ua.startsWith("ferry-cli/") ? "cli" : "api", ...requestInfo(request) } };
}

/** `{id}`, or 400 `{code, message, diagnostics}` as ESC answers (its clients read the diagnostics from there). */
function openedResponse(opened: OpenedSession, what: string, name: string): Response {
  if ("errors" in opened) {
    return json({ code: 400, error: "invalid_input", message: `${what} has errors, so it was not opened.`, diagnostics: opened.errors.map((d) => escDiagnostic(d, name)) }, { status: 400 });
  }
  return json({ id: opened.id, diagnostics: { diagnostics: opened.diagnostics.map((d) => escDiagnostic(d, name)) } });
}

/** POST …/open?duration=2h and …/versions/{v}/open. */
export async function openFromRequest(request: Request, caller: Caller, ref: EnvironmentRef, version?: string): Promise<Response> {
  const { seconds, audit } = openRequest(request);
  return openedResponse(await createOpenSession(caller, ref, version, seconds, audit), "The environment", `${ref.project}/${ref.name}`);
}

/** POST /{org}/yaml/open?duration=2h with the definition as the body (ESC's OpenYAMLEnvironment). */
export async function openYamlFromRequest(request: Request, actor: Actor, org: string): Promise<Response> {
  const { seconds, audit } = openRequest(request);
  const yaml = await readText(request, MAX_DEFINITION_BYTES);
  return openedResponse(await createAnonymousOpenSession(actor, org, yaml, seconds, audit), "The definition", ANONYMOUS_NAME);
}
