// `npm start`: prepare the data directory and database, build the console if needed, serve it.
// Every instance runs this; migrations serialize on a database lock (lib/db/migrate.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { readConfig } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { verifyMasterKey } from "../lib/crypto/key-check";
import { ensureSigningKey } from "../lib/oidc/signing-keys";
import { issuerUrl, issuerWarnings } from "../lib/oidc/issuer";
import { buildIsCurrent, recordBuild } from "./build-stamp";
import { CLI_BUNDLE, buildCliBundle } from "./build-cli";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

async function main() {
  const cfg = readConfig();
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  const applied = await migrate(cfg);
  const where = cfg.databaseUrl ? "PostgreSQL" : cfg.sqlitePath;
  console.log(`ferry: database ready (${where})${applied.length ? `, applied ${applied.join(", ")}` : ""}`);
  await verifyMasterKey(cfg);
  const signing = await ensureSigningKey();
  if (signing.created) console.log(`ferry: created OIDC signing key ${signing.kid}`);
  // Only for a configured public URL: the localhost default is fine for trying Ferry out.
  if (process.env.FERRY_URL) for (const w of issuerWarnings(issuerUrl(cfg.url))) console.warn(`ferry: OIDC issuer ${issuerUrl(cfg.url)}: ${w}`);

  if (!buildIsCurrent(root)) {
    console.log("ferry: building the console (first start or changed sources)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) process.exit(build.status ?? 1);
    await buildCliBundle(root);
    recordBuild(root);
  } else if (!existsSync(path.join(root, CLI_BUNDLE))) {
    await buildCliBundle(root);
  }

  const args = [nextBin, "start", "-p", String(cfg.port)];
  if (process.env.FERRY_HOST) args.push("-H", process.env.FERRY_HOST);
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXTAUTH_URL: cfg.url, FERRY_DATA_DIR: cfg.dataDir, NEXT_TELEMETRY_DISABLED: "1" },
  });
  console.log(`ferry: serving ${cfg.url}`);
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((e) => {
  console.error(`ferry: cannot start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
