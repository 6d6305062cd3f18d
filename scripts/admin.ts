// Operator commands: npm run admin -- <command> [flags]
import { parseArgs } from "node:util";
import { readConfig } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { verifyMasterKey } from "../lib/crypto/key-check";
import { bootstrap, createTokenForUser } from "../lib/users/bootstrap";
import { isAppError } from "../lib/errors";
import { db } from "../lib/db/client";
import { rotateSigningKey } from "../lib/oidc/signing-keys";

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

Configuration comes from the same environment as \`npm start\` (FERRY_DATA_DIR, DATABASE_URL).`;

const FLAGS = {
  bootstrap: { email: { type: "string" }, password: { type: "string" }, org: { type: "string" } },
  "create-token": { email: { type: "string" }, name: { type: "string" }, expires: { type: "string" } },
  "rotate-signing-key": {},
} as const;

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
  if (!(command in FLAGS)) fail(`unknown command "${command}".\n\n${USAGE}`);
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args: rest, options: FLAGS[command as keyof typeof FLAGS], strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (e) {
    fail(`${(e as Error).message}\n\n${USAGE}`);
  }
  const required = Object.keys(FLAGS[command as keyof typeof FLAGS]).filter((f) => f !== "expires");
  const missing = required.filter((f) => !values[f]);
  if (missing.length) fail(`${command} needs ${missing.map((f) => `--${f}`).join(", ")}.`);

  await migrate(readConfig());
  await verifyMasterKey(readConfig());
  if (command === "bootstrap") {
    const result = await bootstrap({ email: values.email, password: values.password, org: values.org });
    console.log(`Created user ${result.email} and organization ${result.org} (admin).`);
    console.log("Personal access token (shown once, store it safely):");
    console.log(result.token.token);
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

main()
  .catch((e) => {
    if (isAppError(e)) fail(e.fields ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join("; ") : e.message);
    console.error(`admin: unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  })
  .finally(() => db().$disconnect().catch(() => {}));
