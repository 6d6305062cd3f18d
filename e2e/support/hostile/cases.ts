// Turns the discovered routes and their entries in endpoints.ts into hostile requests: every
// method a route does not serve, and for each method it serves, every wrong credential, every
// hostile route segment, every body that is not what it reads, plus the method's own cases. Each
// request differs from the method's control in one respect, so its refusal is for that reason.
import { fillTemplate, templateParams, type DiscoveredRoute } from "./discover";
import { defaultParams, ENDPOINTS, type Call, type EndpointCases, type HttpMethod, type MethodCases } from "./endpoints";
import { CORE_SEGMENTS, HOSTILE_SEGMENTS, PROTOTYPE_NAMES, hostileAuthorizations, hostileJsonBodies, hostileYamlBodies } from "./inputs";
import type { RawRequest } from "./raw-http";
import type { Tenants } from "./tenants";

export const METHODS: HttpMethod[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/**
 * What a case must get back:
 *  - refused: a 4xx with a JSON `{ code, message }` (HEAD: no body, JSON content type)
 *  - answered: no 5xx and nothing changed (read-only methods given hostile content)
 *  - not-allowed: 405 `{ code, message }` with an Allow header
 *  - node-level: a 4xx from Node's HTTP parser, which answers before any code of ours runs
 *  - sign-in: the sign-in protocol's answer: no 5xx, no HTML, redirects only within sign-in, no session
 */
export type Expectation = "refused" | "answered" | "not-allowed" | "node-level" | "sign-in";

export interface HostileCase {
  route: string;
  method: string;
  label: string;
  request: RawRequest;
  expect: Expectation;
}

/** Credentials of the victim's admin for a route's kind of authentication. */
function credentials(auth: EndpointCases["auth"], t: Tenants): Record<string, string> {
  if (auth === "pat") return { authorization: `Bearer ${t.victim.pat}` };
  if (auth === "session") return { cookie: t.victim.cookie };
  if (auth === "run-token") return { authorization: `Bearer ${t.victim.runToken}` };
  return {};
}

/** The raw request for a call of a route's method, as the victim's admin. */
export function buildRequest(template: string, method: string, call: Call, t: Tenants, auth: Record<string, string | string[]>): RawRequest {
  const path = fillTemplate(template, { ...defaultParams(t), ...call.params }) + (call.query ? `?${call.query}` : "");
  const headers: Record<string, string | string[]> = { ...auth, ...call.headers };
  let body: string | Buffer | undefined;
  if (call.json !== undefined || call.jsonText !== undefined) {
    body = call.jsonText ?? JSON.stringify(call.json);
    headers["content-type"] ??= "application/json";
  } else if (call.yaml !== undefined) {
    body = call.yaml;
    headers["content-type"] ??= "application/x-yaml";
  } else if (call.raw) {
    body = call.raw.body;
    if (call.raw.contentType) headers["content-type"] = call.raw.contentType;
  }
  return { method, path, headers, body, chunked: call.chunked };
}

/**
 * The session cookie (a compact JWE) with its authentication tag's first character changed. Not
 * its last: base64url's final character carries unused bits that decoders ignore, so changing it
 * can leave the same bytes, a valid cookie (this made the suite fail about once in 256 runs).
 */
function tamperedJwe(value: string): string {
  const parts = value.split(".");
  const tag = parts[parts.length - 1];
  parts[parts.length - 1] = (tag.startsWith("A") ? "B" : "A") + tag.slice(1);
  return parts.join(".");
}

function authVariants(entry: EndpointCases, t: Tenants): Record<string, Record<string, string | string[]>> {
  const v = t.victim;
  switch (entry.auth) {
    case "pat":
    case "public":
      return {
        "no credentials": {},
        ...Object.fromEntries(Object.entries(hostileAuthorizations(v.pat)).map(([k, h]) => [k, { authorization: h }])),
        "revoked access token": { authorization: `Bearer ${v.revokedPat}` },
        "expired access token": { authorization: `Bearer ${v.expiredPat}` },
        "run token instead of an access token": { authorization: `Bearer ${v.runToken}` },
        "session cookie instead of an access token": { cookie: v.cookie },
      };
    case "session": {
      const [name, value] = v.cookie.split("; ").find((c) => c.includes("session-token"))!.split(/=(.*)/s);
      const tampered = tamperedJwe(value);
      return {
        "no credentials": {},
        "access token instead of a session": { authorization: `Bearer ${v.pat}` },
        "tampered session cookie": { cookie: `${name}=${tampered}` },
        "garbage session cookie": { cookie: `${name}=garbage` },
        "10 kB session cookie": { cookie: `${name}=${"A".repeat(10_240)}` },
      };
    }
    case "run-token":
      return {
        "no credentials": {},
        ...Object.fromEntries(Object.entries(hostileAuthorizations(v.runToken)).map(([k, h]) => [k, { authorization: h }])),
        "access token instead of a run token": { authorization: `Bearer ${v.pat}` },
      };
    default:
      return {};
  }
}

function bodyVariants(cases: MethodCases, valid: Call): Record<string, Call> {
  if (!cases.body) return {};
  const base = { params: valid.params, query: valid.query };
  const hostile = cases.body.kind === "json" ? hostileJsonBodies(valid.json ?? {}, cases.body.limit) : hostileYamlBodies(cases.body.limit);
  return Object.fromEntries(
    Object.entries(hostile).map(([k, b]) => [k, { ...base, raw: { body: b.body, contentType: b.contentType ?? "" }, chunked: b.chunked }]),
  );
}

/** Credential variants every method gets; the full list goes to each route's first method. */
const CORE_CREDENTIALS = ["no credentials", "tampered personal access token", "revoked access token", "run token instead of an access token", "session cookie instead of an access token", "tampered session cookie", "access token instead of a session", "access token instead of a run token", "garbage bearer"];

/**
 * Every hostile case of one discovered route, given the methods it serves (from its Allow
 * header). A route segment reaches every route through the same params helper and lookups, so
 * each segment name gets every hostile value the first time the suite meets it (`seen` records
 * which) and a core set everywhere else, which still catches a route that bypasses them.
 */
export function casesFor(route: DiscoveredRoute, served: string[], t: Tenants, seen: Set<string> = new Set()): HostileCase[] {
  const entry = ENDPOINTS[route.template];
  if (!entry) return [];
  const out: HostileCase[] = [];
  const add = (method: string, label: string, request: RawRequest, expect: Expectation) => out.push({ route: route.template, method, label, request, expect });
  const params = templateParams(route.template);

  if (entry.auth === "unknown-address") {
    for (const m of [...METHODS, "OPTIONS"]) add(m, "nothing served here", buildRequest(route.template, m, {}, t, {}), "refused");
    add("GET", "a browser asking for HTML", buildRequest(route.template, "GET", {}, t, { accept: "text/html" }), "refused");
    for (const [label, segment] of Object.entries(HOSTILE_SEGMENTS)) add("GET", `path: ${label}`, buildRequest(route.template, "GET", { params: { path: segment } }, t, {}), "refused");
    return out;
  }

  for (const m of METHODS.filter((m) => !served.includes(m))) add(m, "method not served", buildRequest(route.template, m, {}, t, credentials(entry.auth, t)), "not-allowed");
  // Answered by Node or proxy.ts before any route is chosen: once per suite is enough.
  if (!seen.has("transport")) {
    seen.add("transport");
    add("PROPFIND", "WebDAV method", buildRequest(route.template, "PROPFIND", {}, t, credentials(entry.auth, t)), "not-allowed");
    add("TRACE", "TRACE", buildRequest(route.template, "TRACE", {}, t, credentials(entry.auth, t)), "not-allowed");
    add("GET", "oversized header (40 kB)", buildRequest(route.template, "GET", {}, t, { ...credentials(entry.auth, t), "x-pad": "a".repeat(40_960) }), "node-level");
  }

  let first = true;
  for (const [method, cases] of Object.entries(entry.methods) as [HttpMethod, MethodCases][]) {
    if (!served.includes(method)) continue;
    const core = Object.fromEntries(CORE_SEGMENTS.map((k) => [k, HOSTILE_SEGMENTS[k]]));
    const credentialVariants = Object.entries(authVariants(entry, t)).filter(([label]) => first || CORE_CREDENTIALS.includes(label));
    first = false;
    const valid = cases.valid(t);
    const own = credentials(entry.auth, t);
    const refusal: Expectation = entry.auth === "sign-in" ? "sign-in" : "refused";
    for (const [label, auth] of credentialVariants) {
      add(method, `credentials: ${label}`, buildRequest(route.template, method, valid, t, auth), entry.auth === "public" ? "answered" : "refused");
    }
    if (method === "GET" && served.includes("HEAD") && !entry.methods.HEAD && entry.auth !== "public" && entry.auth !== "sign-in") {
      for (const [label, auth] of Object.entries(authVariants(entry, t))) add("HEAD", `credentials: ${label}`, buildRequest(route.template, "HEAD", valid, t, auth), "refused");
    }
    if (entry.auth === "run-token" && method === "POST" && route.template.endsWith("/redeem")) {
      add(method, "credentials: revoked run token", buildRequest(route.template, method, valid, t, { authorization: `Bearer ${t.victim.revokedRunToken}` }), "refused");
    }
    for (const param of params) {
      const full = !seen.has(param);
      seen.add(param);
      const names: Record<string, string> = { ...(full ? HOSTILE_SEGMENTS : core) };
      if (cases.createsFrom !== param) for (const n of full ? PROTOTYPE_NAMES : PROTOTYPE_NAMES.slice(0, 1)) names[`prototype member ${n}`] = n;
      for (const [label, segment] of Object.entries(names)) {
        add(method, `[${param}]: ${label}`, buildRequest(route.template, method, { ...valid, params: { ...valid.params, [param]: segment } }, t, own), refusal);
      }
    }
    for (const [label, call] of Object.entries(bodyVariants(cases, valid))) add(method, `body: ${label}`, buildRequest(route.template, method, call, t, own), refusal);
    for (const [label, call] of Object.entries(cases.refused?.(t) ?? {})) add(method, label, buildRequest(route.template, method, { ...valid, ...call, params: { ...valid.params, ...call.params } }, t, own), refusal);
    for (const [label, call] of Object.entries(cases.answered?.(t) ?? {})) add(method, label, buildRequest(route.template, method, { ...valid, ...call }, t, own), "answered");
  }
  return out;
}

/** The control request of every served method: the victim's admin, the valid call. */
export function controlsFor(route: DiscoveredRoute, t: Tenants): { method: HttpMethod; request: RawRequest; ok: number; mutates: boolean }[] {
  const entry = ENDPOINTS[route.template];
  if (!entry) return [];
  return (Object.entries(entry.methods) as [HttpMethod, MethodCases][]).map(([method, cases]) => ({
    method,
    request: buildRequest(route.template, method, cases.valid(t), t, credentials(entry.auth, t)),
    ok: cases.ok,
    mutates: Boolean(cases.mutates),
  }));
}

/** Why a response does not meet its case's expectation, or undefined when it does. */
export function verdict(c: HostileCase, res: { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }): string | undefined {
  const type = String(res.headers["content-type"] ?? "");
  const location = res.headers.location;
  let json: { code?: unknown; message?: unknown } | undefined;
  try {
    json = type.includes("application/json") && res.body.length ? JSON.parse(res.body.toString("utf8")) : undefined;
  } catch {
    return `HTTP ${res.status} with a body that is not JSON despite its content type`;
  }
  if (res.status >= 500) return `HTTP ${res.status} ${res.body.toString("utf8").slice(0, 160)}`;
  if (typeof json?.message === "string" && json.message.startsWith("Something went wrong")) return `an unexpected error: ${json.message}`;
  const jsonRefusal = () => {
    if (c.method === "HEAD") return type.includes("application/json") ? undefined : `HEAD refused as ${type || "no content type"}`;
    if (!json || json.code === undefined || typeof json.message !== "string") return `HTTP ${res.status} ${type || "(no content type)"}, not { code, message }: ${res.body.toString("utf8").slice(0, 120)}`;
    return undefined;
  };
  switch (c.expect) {
    case "refused":
      if (res.status < 400) return `accepted: HTTP ${res.status}${location ? ` → ${location}` : ""} ${res.body.toString("utf8").slice(0, 120)}`;
      return jsonRefusal();
    case "not-allowed":
      if (res.status !== 405) return `HTTP ${res.status}, not 405`;
      if (!["PROPFIND", "TRACE"].includes(c.method) && !res.headers.allow) return "405 without an Allow header";
      return jsonRefusal();
    case "node-level":
      return res.status >= 400 ? undefined : `accepted: HTTP ${res.status}`;
    case "answered":
      if (location) return `redirected to ${location}`;
      return undefined;
    case "sign-in": {
      if (type.includes("text/html")) return `HTTP ${res.status} answered with HTML`;
      const cookies = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
      if (cookies.some((k) => k.includes("session-token=") && !/session-token=;/.test(k))) return "a session cookie was set";
      if (res.status >= 300 && res.status < 400 && !/^(https?:\/\/[^/]+)?\/(sign-in|api\/auth\/)/.test(String(location))) return `redirected outside sign-in: ${location}`;
      if (res.status < 300 && json && typeof (json as { url?: unknown }).url === "string" && !/\/(sign-in|api\/auth\/)/.test((json as { url: string }).url)) return `signed in: ${(json as { url: string }).url}`;
      return undefined;
    }
  }
}
