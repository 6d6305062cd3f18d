// The cases of every route handler, keyed by its discovered URL template and method. A route the
// discovery finds without an entry here, or a method it serves without cases, fails the suite.
// Each method names the request that succeeds for the victim's admin (the control: proof that
// the hostile variants are refused for the reason they name) and what else, beyond the generic
// variants of cases.ts, it must refuse.
import { HOSTILE_DEFINITIONS } from "./inputs";
import { E2E_PORT } from "../paths";
import { DEFINITION_LIMIT, JSON_LIMIT, KIB, durations, read, type EndpointCases, type MethodCases } from "./endpoint-types";
import { VERSION_ENDPOINTS } from "./endpoints-versions";
import { E2E_BASE_URL } from "../paths";
import { ACCESS_ENDPOINTS } from "./endpoints-access";

export * from "./endpoint-types";

const DEFINITION_ERRORS = Object.fromEntries(
  Object.entries(HOSTILE_DEFINITIONS)
    .filter(([name]) => !["NUL in a value", "10 kB key"].includes(name))
    .map(([name, yaml]) => [name, { yaml }]),
);

const definitionUpdate: MethodCases = {
  valid: () => ({ yaml: "values:\n  control: 1\n" }),
  ok: 200,
  mutates: true,
  body: { kind: "yaml", limit: DEFINITION_LIMIT },
  refused: () => ({
    ...DEFINITION_ERRORS,
    "If-Match not a revision": { yaml: "values: {}\n", headers: { "if-match": '"abc"' } },
    "If-Match beyond 32 bits": { yaml: "values: {}\n", headers: { "if-match": '"99999999999999999999"' } },
    "If-Match 10 kB": { yaml: "values: {}\n", headers: { "if-match": `"${"1".repeat(10_240)}"` } },
    "If-Match a stale revision": { yaml: "values: {}\n", headers: { "if-match": '"1"' } },
  }),
};

export const ENDPOINTS: Record<string, EndpointCases> = {
  "/[org]/[project]/[env]/evaluate": {
    auth: "session",
    methods: {
      POST: {
        // the editor's own page sends its Origin, as every browser does on a POST
        valid: () => ({ json: { mode: "reveal" }, headers: { origin: E2E_BASE_URL } }),
        ok: 200,
        mutates: true, // an audit event
        body: { kind: "json", limit: 2 * 1024 * KIB },
        refused: () => ({
          "unknown mode": { json: { mode: "delete" } },
          "mode only in __proto__": { jsonText: '{"__proto__":{"mode":"reveal"}}' },
          "definition not text": { json: { mode: "reveal", yaml: ["values"] } },
          "definition over 1 MiB": { json: { mode: "reveal", yaml: `values:\n  a: ${"x".repeat(DEFINITION_LIMIT)}\n` } },
          "version 10 kB": { json: { mode: "reveal", version: "1".repeat(10_240) } },
          "version beyond 32 bits": { json: { mode: "reveal", version: "99999999999999999999" } },
          "version naming nothing": { json: { mode: "reveal", version: "__proto__" } },
          "another site's Origin": { json: { mode: "reveal" }, headers: { origin: "https://evil.example" } },
        }),
      },
    },
  },

  "/api/[[...path]]": { auth: "unknown-address", methods: {} },
  "/oidc/[[...path]]": { auth: "unknown-address", methods: {} },
  "/cli/[[...path]]": { auth: "unknown-address", methods: {} },

  "/api/auth/[...nextauth]": {
    auth: "sign-in",
    methods: {
      GET: read(),
      POST: {
        valid: () => ({ params: { nextauth: "_log" }, json: { level: "error", code: "x" } }),
        ok: 200,
        body: { kind: "json", limit: 16 * KIB },
        refused: () => ({
          "credentials callback without a CSRF token": {
            params: { nextauth: "callback/credentials" },
            raw: { body: "email=a%40example.com&password=x&json=true", contentType: "application/x-www-form-urlencoded" },
          },
          "credentials callback with a wrong password": {
            params: { nextauth: "callback/credentials" },
            raw: { body: "email=a%40example.com&password=wrong-password&json=true&csrfToken=x", contentType: "application/x-www-form-urlencoded" },
          },
        }),
      },
    },
  },

  "/api/esc/environments/[org]": {
    auth: "pat",
    methods: {
      GET: read(),
      POST: {
        valid: () => ({ json: { project: "payments", name: `control-${Date.now().toString(36)}` } }),
        ok: 200, // as ESC answers
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "no name": { json: { project: "payments" } },
          "name only in __proto__": { jsonText: '{"__proto__":{"name":"polluted"}}' },
          "name only in constructor.prototype": { json: { constructor: { prototype: { name: "polluted" } } } },
          "name __proto__": { json: { name: "__proto__" } },
          "name with a slash": { json: { name: "a/b" } },
          "name ..": { json: { name: ".." } },
          "name with NUL": { json: { name: "dev\u0000x" } },
          "Cyrillic look-alike name": { json: { name: "d\u0435v" } },
          "10 kB name": { json: { name: "a".repeat(10_240) } },
          "name a number": { json: { name: 7 } },
          "name a list": { json: { name: ["dev"] } },
          "project ../..": { json: { project: "../..", name: "x" } },
          "existing name": { json: { project: "payments", name: "dev" } },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]": {
    auth: "pat",
    methods: {
      GET: read(),
      HEAD: read(),
      PUT: definitionUpdate,
      PATCH: definitionUpdate,
      DELETE: { valid: (t) => ({ params: { env: t.victim.scratch.envs[0] } }), ok: 200, mutates: true },
    },
  },

  "/api/esc/environments": {
    auth: "pat",
    ownAccount: true,
    methods: {
      GET: {
        ...read(),
        refused: () => ({
          "continuationToken not base64url": { query: "continuationToken=%00%2F.." },
          "10 kB continuationToken": { query: `continuationToken=${"a".repeat(10_240)}` },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/yaml/check": {
    auth: "pat",
    methods: {
      POST: {
        valid: () => ({ yaml: "imports: [payments/dev]\nvalues:\n  a: 1\n" }),
        ok: 200,
        body: { kind: "yaml", limit: DEFINITION_LIMIT },
        refused: () => ({ "a definition with errors": { yaml: "values:\n  a: ${nope}\n" } }),
        answered: () => Object.fromEntries(Object.entries(HOSTILE_DEFINITIONS).map(([name, yaml]) => [name, { yaml }])),
      },
    },
  },

  "/api/esc/environments/[org]/yaml/open": {
    auth: "pat",
    methods: {
      POST: {
        valid: () => ({ yaml: "imports: [payments/dev]\nvalues:\n  a: 1\n" }),
        ok: 200,
        mutates: true, // a session and an audit event (an open with errors is audited too, so it is no "refusal" here)
        refused: () => durations,
      },
    },
  },

  "/api/esc/environments/[org]/yaml/open/[session]": {
    auth: "pat",
    methods: {
      GET: {
        valid: (t) => ({ params: { session: t.victim.anonymousSession }, query: "property=greeting" }),
        ok: 200,
        refused: (t) => ({
          "an environment's session": { params: { session: t.victim.openSession } },
          "property __proto__": { params: { session: t.victim.anonymousSession }, query: "property=__proto__" },
          "property unbalanced": { params: { session: t.victim.anonymousSession }, query: "property=a%5B" },
          "property with NUL": { params: { session: t.victim.anonymousSession }, query: "property=a%00" },
          "10 kB property": { params: { session: t.victim.anonymousSession }, query: `property=${"a.".repeat(5_120)}a` },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/check": {
    auth: "pat",
    methods: {
      POST: {
        valid: () => ({ yaml: "values:\n  a: 1\n" }),
        ok: 200,
        body: { kind: "yaml", limit: DEFINITION_LIMIT },
        answered: () => Object.fromEntries(Object.entries(HOSTILE_DEFINITIONS).map(([name, yaml]) => [name, { yaml }])),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/clone": {
    auth: "pat",
    methods: {
      POST: {
        valid: () => ({ json: { name: `clone-${Date.now().toString(36)}`, preserveHistory: true, preserveRevisionTags: true } }),
        ok: 204, // as ESC answers (the official SDK requires it)
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "no name": { json: {} },
          "an existing name": { json: { name: "dev" } },
          "name only in __proto__": { jsonText: '{"__proto__":{"name":"polluted"}}' },
          "name with a slash": { json: { name: "a/b" } },
          "project ..": { json: { project: "..", name: "x" } },
          "an unknown option": { json: { name: "x", preserveEverything: true } },
          "preserveHistory a string": { json: { name: "x", preserveHistory: "yes" } },
          "a version after the newest": { json: { name: "x", version: 99 } },
          "a version beyond 32 bits": { json: { name: "x", version: 99999999999 } },
          "10 kB name": { json: { name: "a".repeat(10_240) } },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/settings": {
    auth: "pat",
    methods: {
      GET: read(),
      PATCH: {
        valid: () => ({ json: { deletionProtected: false } }),
        ok: 204,
        mutates: true, // an audit event
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "deletionProtected a string": { json: { deletionProtected: "false" } },
          "an unknown setting": { json: { deletionProtected: false, locked: true } },
          "setting only in __proto__": { jsonText: '{"__proto__":{"deletionProtected":true}}' },
          "a list": { json: [false] },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/tags": {
    auth: "pat",
    methods: {
      GET: { ...read(), refused: () => ({ "count 0": { query: "count=0" }, "10 kB after": { query: `after=${"a".repeat(10_240)}` } }) },
      POST: {
        valid: () => ({ json: { name: `control-${Date.now().toString(36)}`, value: "v" } }),
        ok: 200,
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "no name": { json: { value: "v" } },
          "an existing name": { json: { name: "stable", value: "v" } },
          "name with NUL": { json: { name: "a\u0000b", value: "v" } },
          "value a number": { json: { name: "n", value: 7 } },
          "value over 1 kB": { json: { name: "n", value: "v".repeat(1025) } },
          "name only in __proto__": { jsonText: '{"__proto__":{"name":"polluted","value":"v"}}' },
          "an unknown field": { json: { name: "n", value: "v", color: "red" } },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/tags/[tag]": {
    auth: "pat",
    methods: {
      GET: read(),
      PATCH: {
        valid: () => ({ json: { currentTag: { value: "yes" }, newTag: { value: "yes" } } }),
        ok: 200,
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "a stale current value": { json: { currentTag: { value: "no" }, newTag: { value: "x" } } },
          "no current value": { json: { newTag: { value: "x" } } },
          "renamed onto an existing tag": { json: { currentTag: { value: "yes" }, newTag: { name: "scratch2" } } },
          "a tag that does not exist": { json: { currentTag: { value: "yes" }, newTag: { value: "x" } }, params: { tag: "nope" } },
        }),
      },
      DELETE: {
        valid: (t) => ({ params: { tag: t.victim.scratch.tags[0] } }),
        ok: 204,
        mutates: true,
        refused: () => ({ "a tag that does not exist": { params: { tag: "nope" } } }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/referrers": {
    auth: "pat",
    methods: {
      GET: {
        ...read(),
        refused: () => ({
          "allRevisions not a boolean": { query: "allRevisions=yes" },
          "latestStackVersionOnly not a boolean": { query: "latestStackVersionOnly=1" },
          "count 0": { query: "count=0" },
          "count over 500": { query: "count=501" },
          "count negative": { query: "count=-1" },
          "continuation token not ours": { query: "continuationToken=abc" },
          "continuation token 10 kB": { query: `continuationToken=${"9".repeat(10_240)}` },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/decrypt": {
    auth: "pat",
    methods: {
      GET: {
        valid: () => ({}),
        ok: 200,
        mutates: true, // an audit event
        refused: () => ({
          "version with NUL": { query: "version=%00" },
          "version beyond 32 bits": { query: "version=99999999999999999999" },
          "negative version": { query: "version=-1" },
          "version __proto__": { query: "version=__proto__" },
          "version constructor": { query: "version=constructor" },
          "10 kB version": { query: `version=${"a".repeat(10_240)}` },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/open": {
    auth: "pat",
    methods: { POST: { valid: () => ({}), ok: 200, mutates: true, refused: () => durations } },
  },

  "/api/esc/environments/[org]/[project]/[env]/open/[session]": {
    auth: "pat",
    methods: {
      GET: {
        valid: () => ({ query: "property=greeting" }),
        ok: 200,
        refused: () => ({
          "property __proto__": { query: "property=__proto__" },
          "property constructor": { query: "property=constructor" },
          "property toString": { query: "property=greeting.toString" },
          "property with an index beyond 32 bits": { query: "property=a%5B99999999999999999999%5D" },
          "property unbalanced": { query: "property=a%5B" },
          "property with NUL": { query: "property=a%00" },
          "10 kB property": { query: `property=${"a.".repeat(5_120)}a` },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/run-tokens": {
    auth: "pat",
    methods: {
      GET: read(),
      POST: {
        valid: () => ({ json: { uses: 1 } }),
        ok: 201,
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "no uses": { json: { uses: 0 } },
          "too many uses": { json: { uses: 101 } },
          "uses not a number": { json: { uses: "many" } },
          "uses beyond a double": { json: { uses: "1e309" } },
          "fractional uses": { json: { uses: 1.5 } },
          "uses only valid in __proto__": { jsonText: '{"__proto__":{"uses":1},"uses":0}' },
          "lifetime under a minute": { json: { ttlSeconds: 1 } },
          "lifetime over a day": { json: { ttlSeconds: 1e12 } },
          "version naming nothing": { json: { version: "nope" } },
          "version beyond 32 bits": { json: { version: "99999999999999999999" } },
          "version ../x": { json: { version: "../x" } },
          "command as text": { json: { command: "rm -rf /" } },
          "command of 101 words": { json: { command: Array(101).fill("x") } },
          "command word of 4001 characters": { json: { command: ["x".repeat(4001)] } },
          "command words not text": { json: { command: [{ a: 1 }] } },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/run-tokens/[id]": {
    auth: "pat",
    methods: { DELETE: { valid: (t) => ({ params: { id: t.victim.scratch.runTokenIds[0] } }), ok: 204, mutates: true } },
  },

  ...VERSION_ENDPOINTS,
  ...ACCESS_ENDPOINTS,

  "/api/leases/[org]": {
    auth: "pat",
    methods: {
      GET: {
        ...read(),
        refused: () => ({
          "state naming nothing": { query: "state=deleted" },
          "environment without a project": { query: "environment=dev" },
          "environment ../x": { query: "environment=../x" },
          "environment 10 kB": { query: `environment=payments/${"d".repeat(10_240)}` },
          "environment naming nothing": { query: "environment=payments/nope" },
          "provider with NUL": { query: "provider=azure-sp%00" },
          "continuation token naming nothing": { query: "continuationToken=abc" },
          "continuation token 10 kB": { query: `continuationToken=${"a".repeat(10_240)}` },
          "opener with NUL": { query: "openedBy=a%00b%40example.com" },
          "opener not an email": { query: "openedBy=someone" },
        }),
        answered: () => ({ "every filter at once": { query: "environment=payments/dev&state=active&provider=azure-sp&openedBy=x%40example.com" } }),
      },
    },
  },

  "/api/leases/[org]/[id]/revoke": {
    auth: "pat",
    methods: { POST: { valid: (t) => ({ params: { id: t.victim.scratch.leaseIds[0] } }), ok: 200, mutates: true } },
  },

  "/api/leases/[org]/[id]/renew": {
    auth: "pat",
    methods: {
      POST: {
        valid: (t) => ({ params: { id: t.victim.leaseId }, json: { increment: "1h" } }),
        ok: 200,
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: (t) => ({
          "increment not a duration": { params: { id: t.victim.leaseId }, json: { increment: "soon" } },
          "increment zero": { params: { id: t.victim.leaseId }, json: { increment: "0" } },
          "increment negative": { params: { id: t.victim.leaseId }, json: { increment: "-1h" } },
          "increment not text": { params: { id: t.victim.leaseId }, json: { increment: 3600 } },
          "increment 10 kB": { params: { id: t.victim.leaseId }, json: { increment: "1".repeat(10_240) } },
          "increment only in __proto__": { params: { id: t.victim.leaseId }, jsonText: '{"__proto__":{"increment":"1h"},"increment":"x"}' },
          "another organization's lease": { params: { id: t.outsider.leaseId }, json: { increment: "1h" } },
          "lease id ../x": { params: { id: "..%2Fx" }, json: { increment: "1h" } },
        }),
      },
    },
  },

  "/api/run-tokens/lookup": { auth: "run-token", methods: { POST: read() } },
  "/api/run-tokens/redeem": { auth: "run-token", methods: { POST: { valid: () => ({}), ok: 200, mutates: true } } },
  "/api/user": { auth: "pat", ownAccount: true, methods: { GET: read() } },
  "/api/user/organizations/default": { auth: "pat", ownAccount: true, methods: { GET: read() } },
  "/cli/ferry.cjs": { auth: "public", methods: { GET: read() } },
  "/cli/ferry.tgz": { auth: "public", methods: { GET: read() } },
  "/oidc/.well-known/jwks": { auth: "public", methods: { GET: read() } },
  "/oidc/.well-known/openid-configuration": { auth: "public", methods: { GET: read() } },
};
