import { describe, expect, it } from "vitest";
import { makeUser } from "../../testing/factories";
import { db } from "./client";
import { groupCommitter } from "./group-commit";
import { sql } from "./hot-writes";

function* insertTokens(userId: string, names: string[]) {
  for (const name of names) {
    yield* sql`INSERT INTO "AccessToken" ("id", "userId", "name", "tokenHash", "prefix", "createdAt") VALUES (${`${userId}-${name}`}, ${userId}, ${name}, ${`hash-${userId}-${name}`}, ${"fer_"}, ${"2026-01-01T00:00:00.000+00:00"})`;
  }
}

describe("group commit", () => {
  it("commits items issued together in one transaction, each caller after its own commit", async () => {
    const owner = await makeUser("batch");
    const batches: number[] = [];
    const store = groupCommitter<string>(function* (names) {
      batches.push(names.length);
      yield* insertTokens(owner.userId, names);
    });
    const names = Array.from({ length: 40 }, (_, i) => `t${i}`);
    await Promise.all(
      names.map(async (name) => {
        await store(name);
        // settled only once its row is committed and visible to every reader
        expect(await db().accessToken.count({ where: { userId: owner.userId, name } })).toBe(1);
      }),
    );
    // issued in one turn of the event loop, they share one transaction
    expect(batches).toEqual([40]);
  });

  it("commits a lone write by itself, and writes arriving while a batch commits in the next one", async () => {
    const owner = await makeUser("batchlone");
    const batches: string[][] = [];
    const store = groupCommitter<string>(function* (names) {
      batches.push(names);
      yield* insertTokens(owner.userId, names);
    });
    await store("alone");
    const first = store("first");
    await new Promise((r) => setImmediate(r)); // "first"'s batch has started
    await Promise.all([first, store("second"), store("third")]);
    expect(batches).toEqual([["alone"], ["first"], ["second", "third"]]);
  });

  it("fails only the bad item of a failed batch; the others commit", async () => {
    const owner = await makeUser("batchfail");
    const store = groupCommitter<string>(function* (names) {
      yield* insertTokens(owner.userId, names);
      if (names.includes("bad")) yield* sql`SELECT no_such_function()`;
    });
    // one batch, which fails: each item is then tried alone
    const results = await Promise.allSettled([store("first"), store("a"), store("bad"), store("b")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const kept = await db().accessToken.findMany({ where: { userId: owner.userId }, select: { name: true }, orderBy: { name: "asc" } });
    expect(kept.map((t) => t.name)).toEqual(["a", "b", "first"]);
  });
});
