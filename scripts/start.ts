// `npm start`: prepare the data directory and database, build the console if needed, serve it
// (server/: Ferry's HTTP server in front of Next's handler, in this process).
// Every instance runs this; migrations serialize on a database lock (lib/db/migrate.ts).
import "../server/production-env";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { readConfig } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { prepareSecretsAtRest } from "../lib/crypto/startup";
import { closeDb } from "../lib/db/client";
import { ensureSigningKey } from "../lib/oidc/signing-keys";
import { issuerUrl, issuerWarnings } from "../lib/oidc/issuer";
import { buildIsCurrent, recordBuild } from "./build-stamp";
import { CLI_BUNDLE, buildCliBundle } from "./build-cli";
import { EVAL_WORKER_BUNDLE, buildEvalWorker } from "../lib/evaluation/worker-bundle";
import { serveConsole } from "../server/console-server";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

async function main() {
  const cfg = readConfig();
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  const applied = await migrate(cfg, { onBackup: (file) => console.log(`ferry: backed up the database to ${file} before migrating it`) });
  const where = cfg.databaseUrl ? "PostgreSQL" : cfg.sqlitePath;
  console.log(`ferry: database ready (${where})${applied.length ? `, applied ${applied.join(", ")}` : ""}`);
  await prepareSecretsAtRest((line) => console.log(`ferry: ${line}`));
  const signing = await ensureSigningKey();
  if (signing.created) console.log(`ferry: created OIDC signing key ${signing.kid}`);
  // Only for a configured public URL: the localhost default is fine for trying Ferry out.
  if (process.env.FERRY_URL) for (const w of issuerWarnings(issuerUrl(cfg.url))) console.warn(`ferry: OIDC issuer ${issuerUrl(cfg.url)}: ${w}`);

  if (!buildIsCurrent(root)) {
    console.log("ferry: building the console (first start or changed sources)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) process.exit(build.status ?? 1);
    await buildCliBundle(root);
    await buildEvalWorker(root);
    recordBuild(root);
  } else {
    if (!existsSync(path.join(root, CLI_BUNDLE))) await buildCliBundle(root);
    if (!existsSync(path.join(root, EVAL_WORKER_BUNDLE))) await buildEvalWorker(root);
  }

  // The console opens its own client; this one only served the preparations above.
  await closeDb();
  Object.assign(process.env, { NEXTAUTH_URL: cfg.url, FERRY_DATA_DIR: cfg.dataDir, NEXT_TELEMETRY_DISABLED: "1" });
  // FERRY_LEASE_REAPER_INTERVAL_MS: how often this instance looks for leases to clean up (default 30 s).
  const reaperIntervalMs = Number(process.env.FERRY_LEASE_REAPER_INTERVAL_MS) || undefined;
  await serveConsole({ root, port: cfg.port, host: process.env.FERRY_HOST || undefined, trustedProxies: cfg.trustedProxies, reaperIntervalMs });
  console.log(`ferry: serving ${cfg.url}`);
}

main().catch((e) => {
  console.error(`ferry: cannot start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
