// A separate "app instance" for the cross-process membership test: its own process and
// database client. Reads one JSON request per line ({actor, org, email, role}), answers one
// JSON line ({ok: true} or {ok: false, code}); prints "ready" once connected.
import { createInterface } from "node:readline";
import { changeMemberRole } from "../lib/orgs/membership-changes";
import { db } from "../lib/db/client";

await db().user.count();
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  const { actor, org, email, role } = JSON.parse(line);
  try {
    await changeMemberRole({ userId: actor }, org, { email, role });
    process.stdout.write(JSON.stringify({ ok: true }) + "\n");
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, code: (e as { code?: string }).code ?? String(e) }) + "\n");
  }
}
await db().$disconnect();
