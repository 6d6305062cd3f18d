import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// engine "js" makes the CLI use its WebAssembly engines: the native ones are downloaded at run
// time, which a self-hosted install without internet cannot do. The app itself applies
// migrations (lib/db/migrate.ts); the CLI is only used to generate clients and migration SQL.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url: "file:./.tmp/prisma-cli.db" });
  },
});
