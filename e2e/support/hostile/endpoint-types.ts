// The shape of the route-handler cases (endpoints.ts, endpoints-versions.ts) and what they share.
import type { Tenants } from "./tenants";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * How a route authenticates: a personal access token, the console's session cookie, a run token,
 * nothing (public documents and downloads), or the sign-in protocol itself.
 */
export type AuthKind = "pat" | "session" | "run-token" | "public" | "sign-in" | "unknown-address";

export interface Call {
  /** route segments that differ from the defaults (percent-encoded as sent) */
  params?: Record<string, string>;
  /** query string without "?" */
  query?: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** JSON written out, for keys such as "__proto__" that an object literal cannot carry */
  jsonText?: string;
  yaml?: string;
  /** any other body; an empty content type sends none */
  raw?: { body: string | Buffer; contentType: string };
  /** send the body without a Content-Length */
  chunked?: boolean;
}

export interface MethodCases {
  valid: (t: Tenants) => Call;
  /** the control's status */
  ok: number;
  /** the control changes the database (controls run after every hostile case) */
  mutates?: boolean;
  /** the body the method reads, for the generic body variants */
  body?: { kind: "json" | "yaml"; limit: number };
  /** variants of this method that must be refused (4xx) */
  refused?: (t: Tenants) => Record<string, Call>;
  /** variants that must be answered without a 5xx and without changing anything (read-only methods) */
  answered?: (t: Tenants) => Record<string, Call>;
  /** a segment this method creates what it names in, so well-formed names there are valid */
  createsFrom?: string;
}

export interface EndpointCases {
  auth: AuthKind;
  /** the route answers about the caller's own account, not an organization's resources */
  ownAccount?: boolean;
  methods: Partial<Record<HttpMethod, MethodCases>>;
}

/** The default value of each route segment: the victim's resources. */
export function defaultParams(t: Tenants): Record<string, string> {
  return {
    org: t.victim.org,
    project: t.victim.ref.project,
    env: t.victim.ref.name,
    version: "2",
    tag: "stable",
    session: t.victim.openSession,
    id: t.victim.runTokenId,
    path: "nothing-here",
    nextauth: "session",
    team: t.victim.team,
    email: t.victim.memberEmail,
    token: t.victim.invitationForAdmin,
  };
}

export const KIB = 1024;
export const DEFINITION_LIMIT = 1024 * KIB;
export const JSON_LIMIT = 64 * KIB;

export const read = (ok = 200): MethodCases => ({ valid: () => ({}), ok });

/** Open durations that are not durations. */
export const durations = {
  "duration not a duration": { query: "duration=soon" },
  "negative duration": { query: "duration=-1h" },
  "zero duration": { query: "duration=0" },
  "duration with NUL": { query: "duration=1h%00" },
  "10 kB duration": { query: `duration=${"9".repeat(10_240)}` },
  "exponent duration": { query: "duration=1e9" },
};

