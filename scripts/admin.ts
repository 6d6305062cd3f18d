// Operator commands: npm run admin -- <command> [flags]
import { parseArgs } from "node:util";
import { readConfig } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { prepareSecretsAtRest } from "../lib/crypto/startup";
import { rotateMasterKey, type RotationResult } from "../lib/crypto/rotate-master-key";
import { MasterKeyError } from "../lib/crypto/master-key";
import { bootstrap, createTokenForUser } from "../lib/users/bootstrap";
import { isAppError } from "../lib/errors";
import { db } from "../lib/db/client";
import { rotateSigningKey } from "../lib/oidc/signing-keys";
import { BACKUP_USAGE, isBackupCommand, runBackupCommand } from "./admin-backup";
import { AUDIT_USAGE, auditRetention, pruneAudit, verifyAudit } from "./admin-audit";

const USAGE = `Usage: npm run admin -- <command> [flags]

Commands:
  bootstrap --email E --password P --org O
      Create the first user and organization on an empty database; prints a personal access
      token as the last line.
  create-token --email E --name N [--expires YYYY-MM-DD]
      Create a personal access token for an existing user; prints it as the last line.
  rotate-signing-key
      Make a new OIDC signing key the one that signs; retired keys stay published until every
      token they signed has expired.
${BACKUP_USAGE}
${AUDIT_USAGE}
  upgrade-secrets
      Migrate the database and re-seal secrets from before the key hierarchy (every command, and
      npm start, does this first; this one does only that).
  rotate-master-key [--new-key-file F]
      Re-wrap every data key under a new master key (read from F, or generated), in one
      transaction; prints which key to keep and where it is.

Configuration comes from the same environment as \`npm start\` (FERRY_DATA_DIR, DATABASE_URL).`;

const FLAGS = {
  bootstrap: { email: { type: "string" }, password: { type: "string" }, org: { type: "string" } },
  "create-token": { email: { type: "string" }, name: { type: "string" }, expires: { type: "string" } },
  "rotate-signing-key": {},
  "rotate-master-key": { "new-key-file": { type: "string" } },
  "upgrade-secrets": {},
  "verify-audit": { org: { type: "string" } },
  "audit-retention": { org: { type: "string" }, days: { type: "string" } },
  "prune-audit": { org: { type: "string" } },
} as const;

// --org is optional for the audit commands that walk every organization
const OPTIONAL = new Set(["expires", "new-key-file"]);
const OPTIONAL_FOR: Record<string, string[]> = { "verify-audit": ["org"], "prune-audit": ["org"] };

function fail(message: string): never {
  console.error(`admin: ${message}`);
  process.exit(2);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return;
  }
  if (isBackupCommand(command)) process.exit(runBackupCommand(command, rest));
  if (!(command in FLAGS)) fail(`unknown command "${command}".\n\n${USAGE}`);
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args: rest, options: FLAGS[command as keyof typeof FLAGS], strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (e) {
    fail(`${(e as Error).message}\n\n${USAGE}`);
  }
  const required = Object.keys(FLAGS[command as keyof typeof FLAGS]).filter((f) => !OPTIONAL.has(f) && !OPTIONAL_FOR[command]?.includes(f));
  const missing = required.filter((f) => !values[f]);
  if (missing.length) fail(`${command} needs ${missing.map((f) => `--${f}`).join(", ")}.`);

  await migrate(readConfig(), { onBackup: (file) => console.log(`Backed up the database to ${file} before migrating it.`) });
  const upgrade = await prepareSecretsAtRest((line) => console.log(`admin: ${line}`));
  if (command === "bootstrap") {
    const result = await bootstrap({ email: values.email, password: values.password, org: values.org });
    console.log(`Created user ${result.email} and organization ${result.org} (admin).`);
    console.log("Personal access token (shown once, store it safely):");
    console.log(result.token.token);
  } else if (command === "verify-audit") {
    process.exitCode = await verifyAudit(values.org);
  } else if (command === "audit-retention") {
    await auditRetention(values.org!, values.days!);
  } else if (command === "prune-audit") {
    await pruneAudit(values.org);
  } else if (command === "upgrade-secrets") {
    console.log(upgrade.finished ? "Every secret at rest is sealed under the key hierarchy." : "The upgrade has not finished; run this again once no older Ferry is running.");
  } else if (command === "rotate-master-key") {
    printRotation(await rotateMasterKey({ dataDir: readConfig().dataDir, newKeyFile: values["new-key-file"] }));
  } else if (command === "rotate-signing-key") {
    const rotated = await rotateSigningKey();
    for (const r of rotated.retired) console.log(`Retired ${r.kid} (published until ${r.publishUntil.toISOString()}).`);
    console.log(`New signing key: ${rotated.kid}`);
  } else {
    const token = await createTokenForUser({ email: values.email, name: values.name, expiresAt: values.expires });
    console.log(`Created token "${token.name}"${token.expiresAt ? `, expires ${token.expiresAt}` : ""} (shown once, store it safely):`);
    console.log(token.token);
  }
}

function printRotation(r: RotationResult) {
  console.log(`Re-wrapped ${r.dataKeys} data keys. The master key is now ${r.newId} (was ${r.previousId}).`);
  if (r.replacedMasterKeyFile) {
    console.log(`Keep this key: ${r.keyFile} (it replaced the previous one there).`);
    console.log("Instances that read this file pick the new key up by themselves; give every other instance a copy.");
  } else {
    console.log(`Keep this key: ${r.keyFile}`);
    console.log(`Set FERRY_MASTER_KEY to its contents on every instance and restart them; until then they refuse to decrypt, saying the key was changed. Then delete the file.`);
  }
  console.log(`Back the new key up now, apart from the database backups. The previous key ${r.previousId} opens nothing in this database any more; keep it only as long as you keep database backups made before now.`);
}

main()
  .catch((e) => {
    if (e instanceof MasterKeyError) fail(e.message);
    if (isAppError(e)) fail(e.fields ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join("; ") : e.message);
    console.error(`admin: unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  })
  .finally(() => db().$disconnect().catch(() => {}));
