// What Graph and ARM said when they refused, in one shape: the HTTP status, the cloud's error
// code (`Request_ResourceNotFound`, `PrincipalNotFound`, `AuthorizationFailed`…) and its message,
// trimmed and with anything token-like removed, so it can go into a sentence a user reads.
// Server-only.
import { networkFailure } from "../presented";

export interface CloudFailure {
  /** undefined when no answer came back (network, TLS) */
  status?: number;
  code: string;
  message: string;
}

/** Which API answered; names the endpoint variable in network failures. */
export type AzureApi = "Microsoft Graph" | "Azure Resource Manager";

/** Thrown by every operation in this folder: `message` is the diagnostic. */
export class AzureSpError extends Error {
  constructor(
    message: string,
    /** the cloud's error code (or Ferry's own, such as `RoleNotFound`) */
    readonly code: string,
    /** ids of anything created that could not be deleted again */
    readonly leftBehind: string[] = [],
  ) {
    super(message);
    this.name = "AzureSpError";
  }
}

/** The fetch middleware rethrows transport failures as this, keeping the system error code. */
export class NetworkError extends Error {
  constructor(readonly networkCode: string) {
    super(`no answer (${networkCode})`);
    this.name = "NetworkError";
  }
}

export function cloudFailure(e: unknown): CloudFailure {
  const err = e as { statusCode?: number; status?: number; code?: string | null; message?: string; name?: string; cause?: unknown };
  const net = networkFailure(e) ?? networkFailure(err?.cause);
  // Graph wraps client-side failures (ours, or the credential's) as GraphError with status -1
  // and the original error's name as its code.
  const status = typeof err?.statusCode === "number" && err.statusCode > 0 ? err.statusCode : undefined;
  if (!status && (net || err?.code === "NetworkError" || /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|REQUEST_SEND_ERROR|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO)/.test(err?.code ?? ""))) {
    const code = net ?? (err?.code === "NetworkError" ? /\(([^)]+)\)/.exec(err.message ?? "")?.[1] : err?.code) ?? "network";
    return { code, message: "no answer" };
  }
  if (err?.name === "AbortError") return { code: "Cancelled", message: "the open was cancelled before this step finished" };
  // DOMExceptions carry numeric codes; only the clouds' string codes mean something to users.
  return { status, code: (typeof err?.code === "string" && err.code) || err?.name || "Error", message: clean(err?.message ?? String(e)) };
}

export const isNetwork = (f: CloudFailure) => f.status === undefined && f.message === "no answer";

/** "Code: message" for a sentence, e.g. `AuthorizationFailed: The client … does not have authorization …` */
export function said(f: CloudFailure): string {
  if (isNetwork(f)) return `no answer (${f.code})`;
  return `${f.code}: ${f.message}`;
}

/** Cloud messages can run to paragraphs and, rarely, echo request data: keep the first 400 characters, no JWTs. */
function clean(message: string): string {
  const oneLine = message.replace(/\s+/g, " ").trim();
  const redacted = oneLine.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, "[token]");
  return redacted.length > 400 ? `${redacted.slice(0, 399)}…` : redacted;
}
