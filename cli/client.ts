// The console's REST API over HTTP (cli/http.ts). Failures become one-sentence CliErrors: the server's own
// message when it sent one, otherwise what was tried and what happened.
import { CliError } from "./errors";
import { send, type HttpResponse } from "./http";
import { USER_AGENT } from "./version";

export interface RequestOptions {
  body?: string;
  json?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
  /** send this token instead of the session's (run tokens) */
  token?: string;
}

export interface ApiErrorBody {
  code?: number;
  error?: string;
  message?: string;
  reason?: string;
  diagnostics?: unknown[];
}

export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(message);
  }
}

export class FerryClient {
  constructor(
    readonly url: string,
    private readonly token?: string,
    /** where the token came from when that is not `ferry login` (FERRY_TOKEN): named on a 401 */
    private readonly tokenVariable?: string,
  ) {}

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    const u = new URL(this.url + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) u.searchParams.set(k, v);
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "application/json", ...opts.headers };
    const token = opts.token ?? this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers["content-type"] = "application/json";
    }
    let res: HttpResponse;
    try {
      // redirects are not followed: the caller is told which URL to use instead
      res = await send(u, { method, headers, body, timeoutMs: 120_000 });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      const why = err.code ?? err.message ?? String(e);
      throw new CliError(`cannot reach the Ferry console at ${this.url} (${why}); check the URL, or set FERRY_URL`);
    }
    if (res.ok) return res;
    if (res.status >= 300 && res.status < 400) {
      const to = res.headers.get("location");
      throw new ApiError(`the console at ${this.url} redirects${to ? ` to ${new URL(to, u).origin}` : ""}; use that URL (ferry login <url>, or FERRY_URL)`, res.status, {});
    }
    let parsed: ApiErrorBody = {};
    const text = await res.text().catch(() => "");
    try {
      parsed = JSON.parse(text) as ApiErrorBody;
    } catch {
      // not one of ours (a proxy, or a console too old for this endpoint)
    }
    // "Log in again" cannot help while a variable overrides the login: name the variable.
    if (res.status === 401 && this.tokenVariable && !opts.token) {
      throw new ApiError(`the console at ${this.url} rejected the token in ${this.tokenVariable}${parsed.message ? ` (${parsed.message.split(/\.(?:\s|$)/)[0]})` : ""}; set ${this.tokenVariable} to a valid personal access token, or unset it to use the one from \`ferry login\``, 401, parsed);
    }
    if (typeof parsed.message === "string" && parsed.message) throw new ApiError(parsed.message.replace(/\.$/, ""), res.status, parsed);
    if (res.status === 404) throw new ApiError(`${this.url} does not look like a Ferry console (HTTP 404 for ${u.pathname})`, 404, parsed);
    throw new ApiError(`the Ferry console at ${this.url} answered HTTP ${res.status} for ${method} ${u.pathname}`, res.status, parsed);
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    // ESC answers some writes with 200 and no body, others with 204
    const text = res.status === 204 ? "" : await res.text();
    if (text === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      // A web server that is not Ferry (or a captive portal) answering 200 with HTML.
      throw new CliError(`no Ferry console answered at ${this.url}: ${method} ${path} returned ${res.headers.get("content-type")?.split(";")[0] || "a response"} that is not the console's JSON; check the URL`);
    }
  }

  async text(method: string, path: string, opts: RequestOptions = {}): Promise<{ text: string; revision?: number }> {
    const res = await this.request(method, path, { ...opts, headers: { accept: "application/x-yaml", ...opts.headers } });
    const rev = res.headers.get("x-ferry-revision");
    return { text: await res.text(), revision: rev ? Number(rev) : undefined };
  }
}

export const envPath = (r: { org: string; project: string; name: string }) =>
  `/api/esc/environments/${encodeURIComponent(r.org)}/${encodeURIComponent(r.project)}/${encodeURIComponent(r.name)}`;
