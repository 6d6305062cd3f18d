import { defineConfig } from "vitest/config";
import { availableParallelism } from "node:os";
import path from "node:path";

// Domain code (everything in lib/ that touches the database) runs once against SQLite and, when
// FERRY_TEST_DATABASE_URL is set, once more against PostgreSQL.
const DOMAIN = ["lib/{access,auth,db,orgs,environments,users,tokens,audit,crypto,oidc,providers,runs,api,leases}/**/*.test.ts"];

const domainProject = (name: string, db: string) => ({
  extends: true as const,
  test: {
    name,
    include: DOMAIN,
    setupFiles: ["testing/database-setup.ts"],
    env: { FERRY_TEST_DB: db },
  },
});

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run server code outside React's server environment, where "server-only" would throw;
      // its react-server build is the empty module.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    globalSetup: ["testing/eval-worker-setup.ts"],
    testTimeout: 30_000,
    // Vitest's default (one worker fewer than the cores) leaves a 2-core machine with one worker,
    // idle while a test waits on PostgreSQL or a child process: 591 s for the suite there, 452 s
    // with two workers.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "cli/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts", "server/**/*.test.ts"],
          exclude: [...DOMAIN, "**/node_modules/**"],
        },
      },
      domainProject("sqlite", "sqlite"),
      ...(process.env.FERRY_TEST_DATABASE_URL ? [domainProject("postgres", "postgres")] : []),
    ],
  },
});
