// `ferry env referrer list` against a fake console that pages: esc's table and order, --all
// following continuation tokens, --count, and its refusals.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runFerry } from "../testing/ferry-cli";

const REFERRERS = "/api/esc/environments/acme/default/src/referrers";

let server: Server;
let url: string;
const asked: URLSearchParams[] = [];

// Three pages of one referrer each, in the order a server might send them.
const PAGES = [
  { referrers: { "3": [{ stack: { project: "my-iac", stack: "prod", version: 41 } }] }, continuationToken: "1" },
  { referrers: { latest: [{ stack: { project: "my-iac", stack: "prod", version: 42 } }, { environment: { project: "shared", name: "dev", revision: 7 } }] }, continuationToken: "2" },
  { referrers: { latest: [{ insightsAccount: { accountName: "insights-acct" } }] } },
];

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && u.pathname === REFERRERS) {
      asked.push(u.searchParams);
      const page = PAGES[Number(u.searchParams.get("continuationToken") ?? 0)];
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(page));
    } else res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ code: 404, message: "Environment was not found." }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  asked.length = 0;
});

const ferry = (args: string[]) => runFerry(url, args);

describe("ferry env referrer list", () => {
  it("follows every page with --all and draws esc's table: latest first, then revisions, sorted within", async () => {
    const r = await ferry(["env", "referrer", "list", "acme/default/src", "--all", "--all-revisions"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "┌──────────┬─────────────┬────────────────┐",
        "│ REVISION │ KIND        │ REFERRER       │",
        "├──────────┼─────────────┼────────────────┤",
        "│ latest   │ environment │ shared/dev@7   │",
        "│ latest   │ insights    │ insights-acct  │",
        "│ latest   │ stack       │ my-iac/prod@42 │",
        "│ 3        │ stack       │ my-iac/prod@41 │",
        "└──────────┴─────────────┴────────────────┘",
        "",
      ].join("\n"),
    );
    expect(asked.map((q) => q.get("continuationToken"))).toEqual([null, "1", "2"]);
    expect(asked.every((q) => q.get("allRevisions") === "true" && !q.has("count"))).toBe(true);
  });

  it("asks for one page without --all, and passes --count", async () => {
    const r = await ferry(["env", "referrer", "ls", "acme/default/src", "--count", "1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("my-iac/prod@41");
    expect(r.stdout).not.toContain("@42");
    expect(asked.map((q) => q.get("count"))).toEqual(["1"]);
  });

  it("refuses a count out of range, a count with --all, and a version, before asking the server", async () => {
    for (const [args, message] of [
      [["--count", "501"], "--count must be in the range [1, 500]"],
      [["--count", "-1"], "--count must be in the range [1, 500]"],
      [["--count", "ten"], "--count must be a whole number"],
      [["--count", "5", "--all"], "--all and --count are mutually exclusive"],
    ] as const) {
      const r = await ferry(["env", "referrer", "list", "acme/default/src", ...args]);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toContain(message);
    }
    const versioned = await ferry(["env", "referrer", "list", "acme/default/src@3"]);
    expect(versioned.stderr).toContain("the list command does not accept versions");
    expect(asked).toEqual([]);
  });
});
