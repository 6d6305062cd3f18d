// Opens of one kept evaluation share one sealed result; everything else gets its own.
import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, grantOnEnvironment } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment, saveDefinition } from "./environments";
import { createOpenSession, readOpenSession } from "./open-sessions";
import { openEnvironmentAs } from "./evaluate";
import type { EnvironmentRef } from "./schema";
import type { Actor } from "../auth/actor";
import { newRowId } from "../db/ids";
import { sealServerData, sealedLabels } from "../crypto/server-data";

const DEF = "values:\n  greeting: hello\n  pw:\n    fn::secret: hunter22\n";
const audit = { via: "api" as const };

async function open(actor: Actor, ref: EnvironmentRef, seconds = 3600): Promise<string> {
  const opened = await createOpenSession(actor, ref, undefined, seconds, audit);
  if (!("id" in opened)) throw new Error(`not opened: ${JSON.stringify(opened)}`);
  return opened.id;
}

const resultOf = async (id: string) => (await db().openSession.findUniqueOrThrow({ where: { id } })).resultId;

describe("open results", () => {
  it("are shared by the opens of one kept evaluation, and each session still reads its values", async () => {
    const owner = await makeUser();
    const ref = await createEnvironment(owner, await makeOrg(owner), { name: "shared", yaml: DEF });
    const ids = [await open(owner, ref), await open(owner, ref), await open(owner, ref)];
    const results = new Set(await Promise.all(ids.map(resultOf)));
    expect(results.size).toBe(1);
    expect(await db().openResult.count({ where: { environment: { name: "shared", organization: { name: ref.org } } } })).toBe(1);
    for (const id of ids) expect(await readOpenSession(owner, ref, id, "pw")).toMatchObject({ value: "hunter22", secret: true });
  });

  it("are sealed once for opens that arrive together", async () => {
    const owner = await makeUser();
    const ref = await createEnvironment(owner, await makeOrg(owner), { name: "burst", yaml: DEF });
    await openEnvironmentAs(owner, ref, {}, audit); // an open without a session: the evaluation is kept, no result yet
    const ids = await Promise.all(Array.from({ length: 8 }, () => open(owner, ref)));
    expect(new Set(await Promise.all(ids.map(resultOf))).size).toBe(1);
  });

  it("go in before the sessions that point at them when one batch holds old and new results", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const first = await createEnvironment(owner, org, { name: "first", yaml: DEF });
    const second = await createEnvironment(owner, org, { name: "second", yaml: DEF });
    await open(owner, first); // its result has committed: the next open of it inserts only a session
    await openEnvironmentAs(owner, second, {}, audit); // kept evaluation, no result yet
    // one batch: a session of the stored result first, then a new result and its session
    const [a, b] = await Promise.all([open(owner, first), open(owner, second)]);
    expect(await readOpenSession(owner, first, a, "greeting")).toMatchObject({ value: "hello" });
    expect(await readOpenSession(owner, second, b, "greeting")).toMatchObject({ value: "hello" });
  });

  it("are not shared across users, revisions or environments", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "app", yaml: DEF });
    const twin = await createEnvironment(owner, org, { name: "twin", yaml: DEF });
    const teammate = await makeUser("teammate");
    await db().membership.create({ data: { organizationId: (await db().organization.findUniqueOrThrow({ where: { name: org } })).id, userId: teammate.userId, role: "member" } });
    const env = await db().environment.findFirstOrThrow({ where: { name: "app", organization: { name: org } } });
    await grantOnEnvironment(env.id, teammate.userId, "opener");

    const mine = await open(owner, ref);
    const theirs = await open(teammate, ref);
    const other = await open(owner, twin);
    await saveDefinition(owner, ref, { yaml: DEF.replace("hello", "bonjour") });
    const newer = await open(owner, ref);
    const results = await Promise.all([mine, theirs, other, newer].map(resultOf));
    expect(new Set(results).size).toBe(4);
    expect(await readOpenSession(teammate, ref, theirs, "greeting")).toMatchObject({ value: "hello" });
    expect(await readOpenSession(owner, ref, newer, "greeting")).toMatchObject({ value: "bonjour" });
    expect(await readOpenSession(owner, ref, mine, "greeting")).toMatchObject({ value: "hello" });
  });

  it("outlive their sessions: a session that would outlive the shared result gets a new one", async () => {
    const owner = await makeUser();
    const ref = await createEnvironment(owner, await makeOrg(owner), { name: "ttl", yaml: DEF });
    const short = await open(owner, ref, 60);
    const long = await open(owner, ref, 24 * 3600);
    const shortResult = await db().openResult.findUniqueOrThrow({ where: { id: (await resultOf(short))! } });
    expect(await resultOf(long)).not.toBe(shortResult.id);
    for (const id of [short, long]) {
      const session = await db().openSession.findUniqueOrThrow({ where: { id }, include: { result: true } });
      expect(session.result!.expiresAt.getTime()).toBeGreaterThanOrEqual(session.expiresAt.getTime());
    }
    // a later short session shares the long one's result, which outlives it
    expect(await resultOf(await open(owner, ref, 60))).toBe(await resultOf(long));
  });

  it("open only for the environment they were sealed for: a session pointed at another environment's result reads nothing", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "mine", yaml: "values:\n  x: mine\n" });
    const victim = await createEnvironment(owner, org, { name: "victim", yaml: "values:\n  x: victim-secret\n" });
    const mine = await open(owner, ref);
    const theirs = await open(owner, victim);
    // as if the database were edited: my session now points at the victim's result
    await db().openSession.update({ where: { id: mine }, data: { resultId: await resultOf(theirs) } });
    await expect(readOpenSession(owner, ref, mine)).rejects.toMatchObject({ code: "not_found", message: expect.stringContaining("can no longer be read") });
    expect(await readOpenSession(owner, victim, theirs, "x")).toMatchObject({ value: "victim-secret" });
  });

  it("leave sessions stored before them (values in the row, as the previous version wrote them) readable", async () => {
    const owner = await makeUser();
    const ref = await createEnvironment(owner, await makeOrg(owner), { name: "older", yaml: DEF });
    const env = await db().environment.findFirstOrThrow({ where: { name: "older", organization: { name: ref.org } } });
    const id = newRowId();
    const sealed = await sealServerData(JSON.stringify({ properties: { pw: { value: "from-before", secret: true } } }), { organizationId: env.organizationId }, sealedLabels.openSession(env.id, id));
    await db().openSession.create({ data: { id, environmentId: env.id, revision: 1, userId: owner.userId, valuesEncrypted: sealed, expiresAt: new Date(Date.now() + 600_000) } });
    expect(await readOpenSession(owner, ref, id, "pw")).toMatchObject({ value: "from-before", secret: true });
    // and a new open of the same environment gets a shared result as usual
    expect(await resultOf(await open(owner, ref))).not.toBeNull();
  });

  it("are deleted with their environment", async () => {
    const owner = await makeUser();
    const ref = await createEnvironment(owner, await makeOrg(owner), { name: "gone", yaml: DEF });
    const id = await open(owner, ref);
    const resultId = (await resultOf(id))!;
    await db().environment.deleteMany({ where: { name: "gone", organization: { name: ref.org } } });
    expect(await db().openResult.count({ where: { id: resultId } })).toBe(0);
    expect(await db().openSession.count({ where: { id } })).toBe(0);
  });
});
