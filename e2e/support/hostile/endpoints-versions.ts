// Cases of the revision and tag routes (see endpoints.ts for what an entry means).
import { JSON_LIMIT, durations, read, type EndpointCases } from "./endpoint-types";

export const VERSION_ENDPOINTS: Record<string, EndpointCases> = {
  "/api/esc/environments/[org]/[project]/[env]/versions": {
    auth: "pat",
    methods: {
      GET: {
        ...read(),
        refused: () => ({
          "before 0": { query: "before=0" },
          "before not a number": { query: "before=latest" },
          "before beyond 32 bits": { query: "before=99999999999" },
          "count 0": { query: "count=0" },
          "count over the page limit": { query: "count=100000" },
          "negative count": { query: "count=-1" },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/versions/[version]": {
    auth: "pat",
    methods: {
      GET: {
        ...read(),
        refused: () => ({
          "revision 0": { params: { version: "0" } },
          "negative revision": { params: { version: "-1" } },
          "revision beyond 32 bits": { params: { version: "99999999999999999999" } },
          "revision in exponent form": { params: { version: "1e3" } },
          "revision in hex": { params: { version: "0x1" } },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/versions/[version]/decrypt": {
    auth: "pat",
    methods: {
      GET: {
        valid: () => ({ params: { version: "1" } }),
        ok: 200,
        mutates: true, // an audit event
        refused: () => ({
          "revision 0": { params: { version: "0" } },
          "revision beyond 32 bits": { params: { version: "99999999999999999999" } },
          "a tag that does not exist": { params: { version: "nope" } },
          "version __proto__": { params: { version: "__proto__" } },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/versions/[version]/open": {
    auth: "pat",
    methods: { POST: { valid: () => ({}), ok: 200, mutates: true, refused: () => ({ ...durations, "revision beyond 32 bits": { params: { version: "99999999999999999999" } } }) } },
  },

  "/api/esc/environments/[org]/[project]/[env]/versions/[version]/retract": {
    auth: "pat",
    methods: {
      POST: {
        valid: () => ({ params: { version: "1" }, json: { replacement: 2, reason: "control" } }),
        ok: 204,
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "the newest revision": { params: { version: "latest" }, json: {} },
          "replaced with itself": { params: { version: "2" }, json: { replacement: 2 } },
          "a replacement after the newest": { params: { version: "2" }, json: { replacement: 99 } },
          "a replacement that is a string": { params: { version: "2" }, json: { replacement: "3" } },
          "a reason over 500 characters": { params: { version: "2" }, json: { reason: "r".repeat(501) } },
          "an unknown field": { params: { version: "2" }, json: { replaceWith: 3 } },
          "a revision beyond 32 bits": { params: { version: "99999999999999999999" }, json: {} },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/versions/[version]/rollback": {
    auth: "pat",
    methods: { POST: { valid: () => ({ params: { version: "1" } }), ok: 200, mutates: true, refused: () => ({ "revision beyond 32 bits": { params: { version: "99999999999999999999" } } }) } },
  },

  "/api/esc/environments/[org]/[project]/[env]/versions/tags": {
    auth: "pat",
    methods: {
      GET: {
        ...read(),
        refused: () => ({ "count 0": { query: "count=0" }, "10 kB after": { query: `after=${"a".repeat(10_240)}` } }),
      },
      POST: {
        valid: () => ({ json: { name: `control-${Date.now().toString(36)}`, revision: 1 } }),
        ok: 204, // as ESC answers
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "tag latest": { json: { name: "latest", revision: 1 } },
          "tag of digits": { json: { name: "123", revision: 1 } },
          "tag __proto__": { json: { name: "__proto__", revision: 1 } },
          "tag only in __proto__": { jsonText: '{"__proto__":{"name":"polluted","revision":1}}' },
          "tag with NUL": { json: { name: "a\u0000b", revision: 1 } },
          "10 kB tag": { json: { name: "a".repeat(10_240), revision: 1 } },
          "look-alike tag": { json: { name: "st\u0430ble", revision: 1 } },
          "revision 0": { json: { name: "x", revision: 0 } },
          "revision after the newest": { json: { name: "x", revision: 99 } },
          "revision beyond a double": { json: { name: "x", revision: "1e309" } },
          "revision a list": { json: { name: "x", revision: [1] } },
          "a tag that exists": { json: { name: "stable", revision: 1 } },
        }),
      },
    },
  },

  "/api/esc/environments/[org]/[project]/[env]/versions/tags/[tag]": {
    auth: "pat",
    methods: {
      GET: read(),
      PATCH: {
        valid: () => ({ json: { revision: 1 } }),
        ok: 204, // as ESC answers
        mutates: true,
        body: { kind: "json", limit: JSON_LIMIT },
        refused: () => ({
          "revision 0": { json: { revision: 0 } },
          "revision after the newest": { json: { revision: 999 } },
          "revision beyond a double": { json: { revision: 1e400 } },
          "revision a string": { json: { revision: "one" } },
          "tag latest": { json: { revision: 1 }, params: { tag: "latest" } },
          "a tag that does not exist": { json: { revision: 1 }, params: { tag: "nope" } },
        }),
      },
      DELETE: {
        valid: (t) => ({ params: { tag: t.victim.scratch.tags[0] } }),
        ok: 204,
        mutates: true,
        refused: () => ({ "tag latest": { params: { tag: "latest" } }, "tag that does not exist": { params: { tag: "nope" } } }),
      },
    },
  },

};
