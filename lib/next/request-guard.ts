// Refusals decided before Next routes a request (proxy.ts runs this), for inputs that Next
// itself would answer with a 500 or an HTML page: a path whose percent-encoding is malformed
// (Next fails decoding the route parameters), a method outside HTTP's usual set, a server-action
// call whose Origin is not this host (Next's CSRF check aborts it with a 500), and a
// server-action body Next cannot decode (lib/next/action-payload.ts). Pure: no Next or Node
// imports, so it is unit-tested directly.
import { ACTION_BODY_LIMIT, actionPayloadProblem, multipartActionParts, textActionParts } from "./action-payload";

export interface GuardRequest {
  method: string;
  /** the path as it arrived, still percent-encoded */
  rawPath: string;
  header: (name: string) => string | null;
}

export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The host a server action must come from, as Next's CSRF check reads it. */
function expectedHost(header: GuardRequest["header"]): string | null {
  const forwarded = header("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || header("host");
}

function originHost(origin: string): string | undefined {
  if (origin === "null") return "null";
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

export function refuseRequest(req: GuardRequest): Refusal | undefined {
  if (!METHODS.has(req.method)) {
    return { status: 405, code: "method_not_allowed", message: `${req.method.slice(0, 16)} is not supported.`, headers: { allow: [...METHODS].join(", ") } };
  }
  if (!decodes(req.rawPath)) {
    return { status: 400, code: "invalid_input", message: "The address is not valid: it has a malformed percent-encoding." };
  }
  if (isFormSubmission(req)) {
    const length = req.header("content-length");
    if (length === null) return { status: 411, code: "invalid_input", message: "A form submission must declare its Content-Length." };
    if (Number(length) > ACTION_BODY_LIMIT) return { status: 413, code: "payload_too_large", message: `The request body is larger than ${ACTION_BODY_LIMIT / 1024 / 1024} MiB.` };
  }
  if (isActionCall(req)) {
    const origin = req.header("origin");
    if (origin !== null) {
      const host = originHost(origin);
      if (host === undefined) return { status: 400, code: "invalid_input", message: "The Origin header is not a valid origin." };
      if (host !== expectedHost(req.header)) {
        return { status: 403, code: "forbidden", message: "This request came from another site; submit the form from the console itself." };
      }
    }
    // Browsers always declare the length of an action's body; without it the body is unbounded.
    const length = req.header("content-length");
    if (length === null) return { status: 411, code: "invalid_input", message: "A server action call must declare its Content-Length." };
    if (Number(length) > ACTION_BODY_LIMIT) return { status: 413, code: "payload_too_large", message: `The request body is larger than ${ACTION_BODY_LIMIT / 1024 / 1024} MiB.` };
  }
  return undefined;
}

export const isActionCall = (req: Pick<GuardRequest, "method" | "header">) => req.method === "POST" && req.header("next-action") !== null;

/**
 * A multipart POST without Next-Action: what a form posts when it has a server action as its
 * `action` and JavaScript is off. Next reads `$ACTION_…` fields from it, and a hand-made one can
 * leave the request waiting forever. The console submits every form with JavaScript
 * (components/ui/use-form-action.ts) and no route handler takes multipart bodies, so such
 * submissions are refused (see refuseFormSubmission).
 */
export const isFormSubmission = (req: Pick<GuardRequest, "method" | "header">) =>
  req.method === "POST" && req.header("next-action") === null && /^multipart\/form-data/i.test(req.header("content-type") ?? "");

export async function refuseFormSubmission(contentType: string, body: ArrayBuffer): Promise<Refusal | undefined> {
  let form: FormData;
  try {
    form = await new Request("http://form/", { method: "POST", body, headers: { "content-type": contentType } }).formData();
  } catch {
    return badPayload("The request body is not a valid multipart form.");
  }
  for (const key of form.keys()) {
    if (key.startsWith("$ACTION_")) return badPayload("This console submits its forms with JavaScript; enable JavaScript and submit the form again.");
  }
  return undefined;
}

const badPayload = (message: string): Refusal => ({ status: 400, code: "invalid_input", message });

/** The body of an action call (whose headers refuseRequest let through), checked before Next decodes it. */
export async function refuseActionBody(contentType: string, body: ArrayBuffer): Promise<Refusal | undefined> {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === "text/plain") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      return badPayload("The request body is not valid UTF-8 text.");
    }
    const problem = actionPayloadProblem(textActionParts(text));
    return problem ? badPayload(problem) : undefined;
  }
  if (type === "multipart/form-data") {
    let form: FormData;
    try {
      form = await new Request("http://action/", { method: "POST", body, headers: { "content-type": contentType } }).formData();
    } catch {
      return badPayload("The request body is not a valid multipart form.");
    }
    const parts = multipartActionParts(form.entries());
    const problem = typeof parts === "string" ? parts : actionPayloadProblem(parts);
    return problem ? badPayload(problem) : undefined;
  }
  return { status: 415, code: "unsupported_media_type", message: "A server action call is sent as text/plain or multipart/form-data." };
}
