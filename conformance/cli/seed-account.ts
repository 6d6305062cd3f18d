// The account the esc transcripts assume (ESC_CONFORMANCE.md §2: logged-in user `test-user`,
// whose default organization has that name): a user, the organizations named on the command
// line, and a personal access token, created through the lib functions in the console's own
// database. Run as a child process with FERRY_DATA_DIR set to the console's data directory;
// prints `{"token": …}` as one JSON line.
import { randomBytes } from "node:crypto";
import { signUp } from "../../lib/users/users";
import { createOrganization } from "../../lib/orgs/orgs";
import { createAccessToken } from "../../lib/tokens/access-tokens";

async function main() {
  const orgs = process.argv.slice(2);
  const user = await signUp({ email: `test-user-${randomBytes(3).toString("hex")}@example.com`, password: randomBytes(18).toString("base64url") });
  const actor = { userId: user.id };
  for (const name of orgs) await createOrganization(actor, { name });
  const { token } = await createAccessToken(actor, { name: "esc-transcripts" });
  console.log(JSON.stringify({ token }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
