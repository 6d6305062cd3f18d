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
  it("commits concurrent items in fewer transactions, each caller after its own commit", async () => {
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
    expect(batches.reduce((a, b) => a + b, 0)).toBe(40);
    expect(batches[0]).toBe(1); // idle: the first write does not wait for company
    expect(batches.length).toBeLessThan(40);
  });

  it("fails only the bad item of a failed batch; the others commit", async () => {
    const owner = await makeUser("batchfail");
    const store = groupCommitter<string>(function* (names) {
      yield* insertTokens(owner.userId, names);
      if (names.includes("bad")) yield* sql`SELECT no_such_function()`;
    });
    const first = store("first"); // runs alone; the rest queue behind it and go as one batch
    const results = await Promise.allSettled([first, store("a"), store("bad"), store("b")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const kept = await db().accessToken.findMany({ where: { userId: owner.userId }, select: { name: true }, orderBy: { name: "asc" } });
    expect(kept.map((t) => t.name)).toEqual(["a", "b", "first"]);
  });
});
