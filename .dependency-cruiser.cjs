// The layering of docs/ARCHITECTURE.md as a check that fails the build (`npm run lint:deps`, a step
// of `npm test`). Each rule names the arrow it forbids; the comment says why the arrow is wrong.
// Tests and their tooling may compose any layers (a domain test seeds through other domains).
const TESTS = "(\\.test\\.tsx?$|\\.spec\\.ts$|^e2e/|^testing/|^bench/|^conformance/|^(playwright|vitest)\\.config\\.ts$)";
// The domains: each owns its tables and authorizes its callers.
const DOMAINS = "^lib/(access|audit|auth|environments|leases|orgs|runs|tokens|users)/";
// The transports: HTTP and server-action plumbing above the domains.
const TRANSPORTS = "^lib/(api|next|actions)/";
// The layers below the domains: they know no users and authorize nothing.
const LOWER = "^lib/(common|db|crypto|esc|evaluation|oidc|providers|config|validation)/";

module.exports = {
  forbidden: [
    {
      name: "nothing-imports-app",
      comment: "app/ holds routes and thin actions; nothing below it may reach up into a route (tests may call one).",
      severity: "error",
      from: { pathNot: `^app/|${TESTS}` },
      to: { path: "^app/" },
    },
    {
      name: "lib-not-ui",
      comment: "lib/ is below the UI: it never imports components/.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^components/" },
    },
    {
      name: "components-no-db",
      comment: "Components talk to domains through pages and actions, never to the database.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^lib/db/" },
    },
    {
      name: "esc-is-pure",
      comment: "lib/esc and lib/common run in the browser and the CLI too: no node builtins, no other lib, no next, no prisma.",
      severity: "error",
      from: { path: "^lib/(esc|common)/", pathNot: TESTS },
      to: {
        pathNot: "^lib/(esc|common)/|^node_modules/(yaml|re2js)/",
      },
    },
    {
      name: "cli-uses-esc-only",
      comment: "The CLI talks to the console over HTTP; from lib it may use only the pure language and helpers.",
      severity: "error",
      from: { path: "^cli/", pathNot: TESTS },
      to: { path: "^(lib/(?!esc/|common/)|app/|components/|server/)" },
    },
    {
      name: "lower-layers-know-no-domain",
      comment: "Below the domains nothing authorizes: a domain hands lower code a capability instead.",
      severity: "error",
      from: { path: LOWER, pathNot: TESTS },
      to: { path: `${DOMAINS}|${TRANSPORTS}` },
    },
    {
      name: "domains-not-transport",
      comment: "Domains are called by transports, never the other way round.",
      severity: "error",
      from: { path: DOMAINS },
      to: { path: TRANSPORTS },
    },
    {
      name: "no-test-code-in-the-product",
      comment: "Fakes and test helpers live in testing/ or e2e/ and are imported only by tests.",
      severity: "error",
      from: { pathNot: TESTS },
      to: { path: "^(e2e|testing)/|/testing/" },
    },
    {
      name: "no-test-helpers-under-lib",
      comment: "Test helpers live in testing/, not among the product's sources.",
      severity: "error",
      from: {},
      to: { path: "^lib/.*/testing/" },
    },
    {
      name: "unit-tests-no-e2e",
      comment: "Unit and domain tests use testing/; e2e/ belongs to the browser specs.",
      severity: "error",
      from: { path: "^(lib|cli|components|server|scripts)/" },
      to: { path: "^e2e/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next|lib/db/generated|cli/dist|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
