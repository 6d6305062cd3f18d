// Cases of the team, grant and default-permission routes (see endpoints.ts for what an entry means).
import { JSON_LIMIT, read, type EndpointCases } from "./endpoint-types";

const json = { kind: "json" as const, limit: JSON_LIMIT };

const badGrants = (t: { victim: { memberEmail: string } }) => ({
  "no permission": { json: { user: t.victim.memberEmail } },
  "permission owner": { json: { user: t.victim.memberEmail, permission: "owner" } },
  "permission only in __proto__": { jsonText: `{"user":"${t.victim.memberEmail}","__proto__":{"permission":"admin"}}` },
  "user and team": { json: { user: t.victim.memberEmail, team: "ops", permission: "reader" } },
  "neither user nor team": { json: { permission: "reader" } },
  "user not an email": { json: { user: "../admin", permission: "reader" } },
  "user outside the organization": { json: { user: "nobody@example.com", permission: "reader" } },
  "team that does not exist": { json: { team: "nope", permission: "reader" } },
  "team __proto__": { json: { team: "__proto__", permission: "reader" } },
  "10 kB team": { json: { team: "a".repeat(10_240), permission: "reader" } },
  "permission a list": { json: { user: t.victim.memberEmail, permission: ["admin"] } },
});

const badFilters = {
  "result maybe": { query: "result=maybe" },
  "from not a time": { query: "from=yesterday" },
  "10 kB actor": { query: `actor=${"a".repeat(10_240)}` },
};

export const ACCESS_ENDPOINTS: Record<string, EndpointCases> = {
  "/api/orgs/[org]/auditlogs": {
    auth: "pat",
    methods: {
      GET: {
        ...read(),
        refused: () => ({
          "continuation token not ours": { query: "continuationToken=abc" },
          "10 kB continuation token": { query: `continuationToken=${"A".repeat(10_240)}` },
          "startTime not a number": { query: "startTime=yesterday" },
          "startTime beyond any date": { query: "startTime=9999999999999999" },
          "pageSize negative": { query: "pageSize=-1" },
          "result maybe": { query: "result=maybe" },
        }),
      },
    },
  },
  "/api/orgs/[org]/auditlogs/export": {
    auth: "pat",
    methods: { GET: { ...read(), refused: () => ({ ...badFilters, "format xml": { query: "format=xml" } }) } },
  },
  "/[org]/-/audit/export": {
    auth: "session",
    methods: { GET: { ...read(), refused: () => ({ ...badFilters, "format xml": { query: "format=xml" } }) } },
  },

  "/api/orgs/[org]/invitations": {
    auth: "pat",
    methods: {
      GET: read(),
      POST: {
        valid: () => ({ json: { email: `control-${Date.now().toString(36)}@example.com`, role: "member" } }),
        ok: 201,
        mutates: true,
        body: json,
        refused: (t) => ({
          "no email": { json: { role: "member" } },
          "email not an email": { json: { email: "x" } },
          "email a list": { json: { email: ["a@example.com"] } },
          "role owner": { json: { email: "a@example.com", role: "owner" } },
          "email only in __proto__": { jsonText: '{"__proto__":{"email":"a@example.com"}}' },
          "an existing member": { json: { email: t.victim.memberEmail } },
          "10 kB email": { json: { email: `${"a".repeat(10_240)}@example.com` } },
        }),
      },
    },
  },

  "/api/orgs/[org]/invitations/[id]": {
    auth: "pat",
    methods: {
      DELETE: {
        valid: (t) => ({ params: { id: t.victim.scratch.invitationIds[0] } }),
        ok: 204,
        mutates: true,
        refused: (t) => ({
          "another organization's invitation": { params: { id: t.outsider.invitationId } },
          "an id that is not one": { params: { id: "x%20y" } },
          "a run token's id": { params: { id: t.victim.runTokenId } },
        }),
      },
    },
  },

  "/api/orgs/[org]/teams": {
    auth: "pat",
    methods: {
      GET: read(),
      POST: {
        valid: () => ({ json: { name: `control-${Date.now().toString(36)}` } }),
        ok: 201,
        mutates: true,
        body: json,
        refused: () => ({
          "no name": { json: {} },
          "name only in __proto__": { jsonText: '{"__proto__":{"name":"polluted"}}' },
          "name with a slash": { json: { name: "a/b" } },
          "name with NUL": { json: { name: "a\u0000b" } },
          "10 kB name": { json: { name: "a".repeat(10_240) } },
          "name a number": { json: { name: 7 } },
          "existing name": { json: { name: "ops" } },
        }),
      },
    },
  },

  "/api/orgs/[org]/teams/[team]": {
    auth: "pat",
    methods: {
      GET: read(),
      PATCH: {
        valid: (t) => ({ params: { team: t.victim.scratch.teams[1] }, json: { name: `renamed-${Date.now().toString(36)}` } }),
        ok: 204,
        mutates: true,
        body: json,
        refused: (t) => ({
          "rename onto an existing team": { params: { team: t.victim.scratch.teams[1] }, json: { name: "ops" } },
          "no name": { json: {} },
          "name ..": { json: { name: ".." } },
        }),
      },
      DELETE: { valid: (t) => ({ params: { team: t.victim.scratch.teams[0] } }), ok: 204, mutates: true },
    },
  },

  "/api/orgs/[org]/teams/[team]/members": {
    auth: "pat",
    methods: {
      POST: {
        valid: (t) => ({ json: { email: t.victim.extraEmail } }),
        ok: 204,
        mutates: true,
        body: json,
        refused: (t) => ({
          "already in the team": { json: { email: t.victim.memberEmail } },
          "not a member of the organization": { json: { email: "nobody@example.com" } },
          "email only in __proto__": { jsonText: `{"__proto__":{"email":"${t.victim.extraEmail}"}}` },
          "email not an email": { json: { email: "x" } },
          "email a list": { json: { email: [t.victim.extraEmail] } },
        }),
      },
    },
  },

  "/api/orgs/[org]/teams/[team]/members/[email]": {
    auth: "pat",
    methods: {
      DELETE: {
        valid: () => ({}),
        ok: 204,
        mutates: true,
        refused: (t) => ({ "not in the team": { params: { email: encodeURIComponent(t.victim.adminEmail) } }, "not an email": { params: { email: "x" } } }),
      },
    },
  },

  "/api/orgs/[org]/access": {
    auth: "pat",
    methods: {
      GET: read(),
      PATCH: {
        valid: () => ({ json: { defaultPermission: "write" } }),
        ok: 200,
        mutates: true,
        body: json,
        refused: () => ({
          "unknown permission": { json: { defaultPermission: "all" } },
          "permission only in __proto__": { jsonText: '{"__proto__":{"defaultPermission":"none"}}' },
          "permission a list": { json: { defaultPermission: ["none"] } },
          "no permission": { json: {} },
        }),
      },
      POST: {
        valid: (t) => ({ json: { project: "payments", user: t.victim.extraEmail, permission: "editor" } }),
        ok: 204,
        mutates: true,
        body: json,
        refused: (t) => ({
          ...badGrants(t),
          "no project": { json: { user: t.victim.memberEmail, permission: "reader" } },
          "project ../..": { json: { project: "../..", user: t.victim.memberEmail, permission: "reader" } },
          "project only in __proto__": { jsonText: `{"__proto__":{"project":"payments"},"user":"${t.victim.memberEmail}","permission":"reader"}` },
        }),
      },
      DELETE: {
        valid: () => ({ query: "project=payments&team=ops" }),
        ok: 204,
        mutates: true,
        refused: (t) => ({
          "no grant there": { query: `project=payments&user=${encodeURIComponent(t.victim.adminEmail)}` },
          "no project": { query: "team=ops" },
          "both user and team": { query: `project=payments&team=ops&user=${encodeURIComponent(t.victim.memberEmail)}` },
          "project with NUL": { query: "project=pay%00ments&team=ops" },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/access": {
    auth: "pat",
    methods: {
      GET: read(),
      PUT: {
        valid: (t) => ({ json: { user: t.victim.extraEmail, permission: "editor" } }),
        ok: 200,
        mutates: true,
        body: json,
        refused: badGrants,
      },
      DELETE: {
        valid: (t) => ({ query: `user=${encodeURIComponent(t.victim.memberEmail)}` }),
        ok: 204,
        mutates: true,
        refused: (t) => ({
          "no grant there": { query: `user=${encodeURIComponent(t.victim.adminEmail)}` },
          "nobody named": { query: "" },
          "team __proto__": { query: "team=__proto__" },
        }),
      },
    },
  },
};
