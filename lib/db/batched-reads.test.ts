// Batched hot reads: on PostgreSQL the calls made in one turn of the event loop go as one
// statement. Each call must get exactly the rows it would have got alone, see every write
// committed before it was made, and fail with the statement when it fails.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../testing/factories";
import { renderMetrics } from "../ops/metrics";
import { databaseTarget, db } from "./client";
import { MAX_BATCH, batchedHotRead, hotRead, sqlTemplate } from "./hot-reads";

const onPostgres = () => Boolean(databaseTarget(db()).databaseUrl);

/** a counter's value in /metrics' text (0 before its first event) */
function counter(name: string): number {
  const line = renderMetrics()
    .split("\n")
    .find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : 0;
}
const batchCounters = () => ({ calls: counter("ferry_db_batched_read_calls_total"), statements: counter("ferry_db_batched_read_statements_total") });

// Reads with several parameters and several rows per call: the memberships of one user in
// organizations whose names start with a prefix, newest name first.
const MEMBERSHIPS = sqlTemplate(
  `SELECT o."name" AS "org", m."role" AS "role" FROM "Membership" m JOIN "Organization" o ON o."id" = m."organizationId" WHERE m."userId" = `,
  ` AND o."name" LIKE `,
  "",
);
type MembershipRow = { org: string; role: string };

async function world() {
  const prefix = `br-${randomUUID().slice(0, 8)}`;
  const users = [await makeUser("br"), await makeUser("br"), await makeUser("br")];
  // user i is a member of i + 1 organizations (user 0 of one, user 2 of three)
  for (let i = 0; i < users.length; i++) {
    for (let k = 0; k <= i; k++) {
      await db().organization.create({
        data: { name: `${prefix}-u${i}-o${k}`, memberships: { create: { userId: users[i].userId, role: k === 0 ? "admin" : "member" } } },
      });
    }
  }
  return { prefix, users };
}

const sorted = (rows: MembershipRow[]) => [...rows].sort((a, b) => a.org.localeCompare(b.org));

describe("batched hot reads", () => {
  it("give every call of a turn exactly the rows it gets alone: several rows, none, duplicates, more calls than a batch holds", async () => {
    const { prefix, users } = await world();
    const stranger = await makeUser("br-stranger");
    const askers = [...users.map((u) => u.userId), stranger.userId, "no-such-user"];
    // more calls than one statement takes, each asker many times, interleaved
    const calls = Array.from({ length: MAX_BATCH * 2 + 7 }, (_, i) => ({ userId: askers[i % askers.length], like: i % 3 === 0 ? `${prefix}-%` : `${prefix}-u2-%` }));
    const alone: MembershipRow[][] = [];
    for (const c of calls.slice(0, 15)) alone.push(await hotRead<MembershipRow[]>(MEMBERSHIPS, c.userId, c.like));

    const before = batchCounters();
    const together = await Promise.all(calls.map((c) => batchedHotRead<MembershipRow[]>(MEMBERSHIPS, c.userId, c.like)));
    const after = batchCounters();

    for (let i = 0; i < calls.length; i++) expect({ call: i, rows: sorted(together[i]) }).toEqual({ call: i, rows: sorted(alone[i % 15]) });
    // the answers are what the data says, not merely the same as each other
    expect(sorted(together[2]).map((r) => r.org)).toEqual([`${prefix}-u2-o0`, `${prefix}-u2-o1`, `${prefix}-u2-o2`]);
    expect(together[3]).toEqual([]);
    expect(together[4]).toEqual([]);
    expect(Object.keys(together[2][0]).sort()).toEqual(["org", "role"]); // no batch bookkeeping left in a row
    if (onPostgres()) {
      expect(after.calls - before.calls).toBe(calls.length);
      expect(after.statements - before.statements).toBe(Math.ceil(calls.length / MAX_BATCH));
    } else {
      expect(after).toEqual(before); // SQLite reads in process: nothing to batch
    }
  });

  it("a lone call goes by itself; calls in different turns go in different statements", async () => {
    const { prefix, users } = await world();
    const before = batchCounters();
    expect(await batchedHotRead<MembershipRow[]>(MEMBERSHIPS, users[0].userId, `${prefix}-%`)).toEqual([{ org: `${prefix}-u0-o0`, role: "admin" }]);
    expect(batchCounters()).toEqual(before);
    const first = await Promise.all([0, 1].map((i) => batchedHotRead<MembershipRow[]>(MEMBERSHIPS, users[i].userId, `${prefix}-%`)));
    const second = await Promise.all([1, 2].map((i) => batchedHotRead<MembershipRow[]>(MEMBERSHIPS, users[i].userId, `${prefix}-%`)));
    expect(first.map((r) => r.length)).toEqual([1, 2]);
    expect(second.map((r) => r.length)).toEqual([2, 3]);
    if (onPostgres()) expect(batchCounters()).toEqual({ calls: before.calls + 4, statements: before.statements + 2 });
  });

  it("see every write committed before the call, including one committed between two turns", async () => {
    const { prefix, users } = await world();
    const read = () => Promise.all(users.map((u) => batchedHotRead<MembershipRow[]>(MEMBERSHIPS, u.userId, `${prefix}-%`)));
    expect((await read()).map((r) => r.length)).toEqual([1, 2, 3]);
    await db().membership.deleteMany({ where: { userId: users[2].userId } });
    await db().organization.create({ data: { name: `${prefix}-late`, memberships: { create: { userId: users[0].userId, role: "member" } } } });
    expect((await read()).map((r) => r.length)).toEqual([2, 2, 0]);
  });

  it("fail only the call whose parameters fail the statement: the others of its batch are answered", async () => {
    const { prefix, users } = await world();
    const before = counter("ferry_db_batched_read_failures_total");
    const outcomes = await Promise.allSettled([
      batchedHotRead<MembershipRow[]>(MEMBERSHIPS, users[0].userId, `${prefix}-%`),
      batchedHotRead<MembershipRow[]>(MEMBERSHIPS, "nul\u0000byte", `${prefix}-%`), // PostgreSQL's text refuses NUL
      batchedHotRead<MembershipRow[]>(MEMBERSHIPS, users[2].userId, `${prefix}-%`),
    ]);
    expect(outcomes[0]).toEqual({ status: "fulfilled", value: [{ org: `${prefix}-u0-o0`, role: "admin" }] });
    expect(outcomes[2].status === "fulfilled" && sorted(outcomes[2].value).map((r) => r.org)).toEqual([`${prefix}-u2-o0`, `${prefix}-u2-o1`, `${prefix}-u2-o2`]);
    if (onPostgres()) {
      expect(outcomes[1].status).toBe("rejected");
      expect(counter("ferry_db_batched_read_failures_total")).toBe(before + 1);
    } else {
      expect(outcomes[1]).toEqual({ status: "fulfilled", value: [] }); // SQLite stores NUL; nobody has that id
    }
  });

  it("fail every call of a statement that fails, and only those; the next turn works again", async () => {
    const { prefix, users } = await world();
    const broken = sqlTemplate(`SELECT "nope" FROM "Membership" WHERE "userId" = `, "");
    const outcomes = await Promise.allSettled([
      batchedHotRead(broken, users[0].userId),
      batchedHotRead(broken, users[1].userId),
      batchedHotRead<MembershipRow[]>(MEMBERSHIPS, users[1].userId, `${prefix}-%`),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect((outcomes[2] as PromiseFulfilledResult<MembershipRow[]>).value).toHaveLength(2);
    expect(await batchedHotRead<MembershipRow[]>(MEMBERSHIPS, users[2].userId, `${prefix}-%`)).toHaveLength(3);
  });

  it("take only strings, as many as the statement has: the batch sends each parameter as a text array", () => {
    expect(() => batchedHotRead(MEMBERSHIPS, 1 as unknown as string, "x")).toThrow(/strings/);
    expect(() => batchedHotRead(MEMBERSHIPS, null as unknown as string, "x")).toThrow(/strings/);
    expect(() => batchedHotRead(MEMBERSHIPS, "only one")).toThrow(/1 parameters for a statement of 2/);
  });
});
