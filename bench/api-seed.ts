// Seeds the API benchmark's database (bench/api.ts runs this in a child process per database, so
// each run gets a fresh Prisma client for its DATABASE_URL): a user, an organization, three
// imported environments and `app`, whose definition has 50 values, 3 imports and a secret.
// Prints the personal access token as the last line.
import { readConfig } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { prepareSecretsAtRest } from "../lib/crypto/startup";
import { signUp } from "../lib/users/users";
import { createOrganization } from "../lib/orgs/orgs";
import { createEnvironment, saveDefinition } from "../lib/environments/environments";
import { createAccessToken } from "../lib/tokens/access-tokens";
import { closeDb } from "../lib/db/client";

export function benchDefinition(): string {
  let yaml = "imports:\n  - default/base0\n  - default/base1\n  - default/base2\nvalues:\n";
  for (let i = 0; i < 48; i++) yaml += `  v${i}: value number ${i}\n`;
  yaml += "  password:\n    fn::secret: correct horse battery staple\n";
  yaml += "  environmentVariables:\n    GREETING: hello ${v1} from ${shared0}\n";
  return yaml;
}

async function main() {
  await migrate(readConfig());
  await prepareSecretsAtRest(() => {});
  const u = await signUp({ email: "bench@example.com", password: "benchmark password" });
  const actor = { userId: u.id };
  await createOrganization(actor, { name: "bench" });
  for (let i = 0; i < 3; i++) {
    await createEnvironment(actor, "bench", { project: "default", name: `base${i}` });
    await saveDefinition(actor, { org: "bench", project: "default", name: `base${i}` }, { yaml: `values:\n  shared${i}: from base ${i}\n  n${i}: ${i}\n` });
  }
  await createEnvironment(actor, "bench", { project: "default", name: "app" });
  await saveDefinition(actor, { org: "bench", project: "default", name: "app" }, { yaml: benchDefinition() });
  const { token } = await createAccessToken(actor, { name: "bench" });
  await closeDb();
  console.log(token);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
