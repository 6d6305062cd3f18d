import { beforeEach, describe, expect, it } from "vitest";
import { escValueToJson, type EscValue } from "../esc";
import { db } from "../db/client";
import { renderMetrics, resetMetrics } from "../ops/metrics";
import { addMember, grantOnEnvironment, makeOrg, makeUser } from "../../testing/factories";
import { createEnvironment, saveDefinition } from "./environments";
import { checkEnvironmentAs, openEnvironmentAs } from "./evaluate";
import { retractRevision } from "./retract";
import { setTag } from "./tags";
import { removeMember } from "../orgs/membership-changes";

// A kept result is reused only while everything it depended on is unchanged, and never skips an
// authorization: each case changes one thing a result depends on and opens again.

const audit = { via: "api" as const };
const plain = (props: Record<string, EscValue>) => Object.fromEntries(Object.entries(props).map(([k, v]) => [k, escValueToJson(v, false)]));
const hits = () => Number(/ferry_evaluation_cache_total\{[^}]*outcome="hit"[^}]*\} (\d+)/.exec(renderMetrics())?.[1] ?? 0);

async function world() {
  const owner = await makeUser("owner");
  const org = await makeOrg(owner);
  const base = await createEnvironment(owner, org, { name: "base", yaml: "values:\n  region: eu-west-1\n  pw:\n    fn::secret: first-secret\n" });
  const app = await createEnvironment(owner, org, { name: "app", yaml: "imports:\n  - base\nvalues:\n  url: https://${region}.example.com\n  who: ${context.pulumi.user.login}\n" });
  const envId = async (name: string) => (await db().environment.findFirstOrThrow({ where: { name, organization: { name: org } } })).id;
  return { owner, org, base, app, envId };
}

describe("kept evaluation results", () => {
  beforeEach(() => resetMetrics());

  it("serve a second open of an unchanged revision, with the same values and an audit event each", async () => {
    const { owner, app } = await world();
    const first = await openEnvironmentAs(owner, app, {}, audit);
    const second = await openEnvironmentAs(owner, app, {}, audit);
    expect(hits()).toBe(1);
    expect(plain(second.properties)).toEqual(plain(first.properties));
    expect(plain(second.properties)).toMatchObject({ pw: "first-secret", url: "https://eu-west-1.example.com" });
    expect(await db().auditEvent.count({ where: { action: "environment.open", actorId: owner.userId } })).toBe(2);
    // shared results are frozen: a caller cannot change what the next one gets
    expect(() => ((second.properties as Record<string, unknown>).pw = "x")).toThrow();
  });

  it("miss when an import gets a new revision, and when a tag an import names moves", async () => {
    const { owner, org, base, app } = await world();
    await openEnvironmentAs(owner, app, {}, audit);
    await saveDefinition(owner, base, { yaml: "values:\n  region: us-east-2\n  pw:\n    fn::secret: second-secret\n" });
    expect(plain((await openEnvironmentAs(owner, app, {}, audit)).properties)).toMatchObject({ region: "us-east-2", pw: "second-secret" });

    const pinned = await createEnvironment(owner, org, { name: "pinned", yaml: "imports:\n  - base@stable\n" });
    await setTag(owner, base, { name: "stable", revision: 1 });
    expect(plain((await openEnvironmentAs(owner, pinned, {}, audit)).properties)).toMatchObject({ region: "eu-west-1" });
    await setTag(owner, base, { name: "stable", revision: 2 });
    expect(plain((await openEnvironmentAs(owner, pinned, {}, audit)).properties)).toMatchObject({ region: "us-east-2" });
    expect(hits()).toBe(0);
  });

  it("miss when the revision is retracted (its number then serves the replacement's text)", async () => {
    const { owner, base } = await world();
    await saveDefinition(owner, base, { yaml: "values:\n  region: ap-south-1\n" });
    await saveDefinition(owner, base, { yaml: "values:\n  region: sa-east-1\n" });
    expect(plain((await openEnvironmentAs(owner, base, { version: "2" }, audit)).properties)).toMatchObject({ region: "ap-south-1" });
    await retractRevision(owner, base, "2", { replacement: 3 });
    expect(plain((await openEnvironmentAs(owner, base, { version: "2" }, audit)).properties)).toEqual({ region: "sa-east-1" });
  });

  it("never serve another user's result, and recheck the right on every import", async () => {
    const { owner, org, app, envId } = await world();
    const member = await makeUser("member");
    await addMember(owner, org, { email: member.email, role: "member" });
    await grantOnEnvironment(await envId("app"), member.userId, "opener");
    await grantOnEnvironment(await envId("base"), member.userId, "opener");
    await openEnvironmentAs(owner, app, {}, audit);
    const theirs = await openEnvironmentAs(member, app, {}, audit);
    expect(plain(theirs.properties).who).toBe(member.email);
    expect(hits()).toBe(0);
    await openEnvironmentAs(member, app, {}, audit);
    expect(hits()).toBe(1);

    // the right on the import drops to reader: the next open is refused the import, not served
    await grantOnEnvironment(await envId("base"), member.userId, "reader");
    const refused = await openEnvironmentAs(member, app, {}, audit);
    expect(refused.diagnostics.map((d) => d.summary)).toContain('you do not have permission to open environment "base", which this environment imports');
    expect(JSON.stringify(refused.properties)).not.toContain("first-secret");

    // removed from the organization: refused before any kept result is looked at
    await removeMember(owner, org, { email: member.email });
    await expect(openEnvironmentAs(member, app, {}, audit)).rejects.toMatchObject({ code: "not_found" });
    expect(hits()).toBe(1);
  });

  it("keep check and open apart, and never keep a draft or a result with errors", async () => {
    const { owner, org, app, base } = await world();
    await checkEnvironmentAs(owner, app);
    const opened = await openEnvironmentAs(owner, app, {}, audit);
    expect(plain(opened.properties).pw).toBe("first-secret");
    await openEnvironmentAs(owner, app, { yaml: "values:\n  a: 1\n" }, audit);
    await openEnvironmentAs(owner, app, { yaml: "values:\n  a: 1\n" }, audit);
    await saveDefinition(owner, base, { yaml: "imports:\n  - missing\n" });
    await openEnvironmentAs(owner, app, {}, audit);
    const again = await openEnvironmentAs(owner, app, {}, audit);
    expect(again.diagnostics.some((d) => d.severity === "error")).toBe(true);
    // too big to keep: memory stays bounded whatever the documents
    const big = await createEnvironment(owner, org, { name: "big", yaml: `values:\n  blob: ${"x".repeat(70_000)}\n` });
    await openEnvironmentAs(owner, big, {}, audit);
    await openEnvironmentAs(owner, big, {}, audit);
    expect(hits()).toBe(0);
  });
});
