import { describe, expect, it } from "vitest";
import { ZCreateRunToken } from "../runs/schema";
import { ZSetTag } from "../environments/tags";
import { zWholeNumber } from "./numbers";

describe("whole numbers from forms and JSON", () => {
  const n = zWholeNumber("Choose a number.");
  it("takes numbers and their digits", () => {
    expect(n.parse(7)).toBe(7);
    expect(n.parse(" 12 ")).toBe(12);
  });
  it("refuses what Number() would quietly turn into one", () => {
    for (const v of [[7], true, "", "1e3", "0x10", 1.5, "1.5", Infinity, 2 ** 60, null, {}]) expect(n.safeParse(v).success, JSON.stringify(v)).toBe(false);
  });
  it("keeps run-token and tag defaults and messages", () => {
    expect(ZCreateRunToken.parse({})).toMatchObject({ uses: 1, ttlSeconds: 900 });
    expect(ZCreateRunToken.safeParse({ uses: [1] }).error?.issues[0]?.message).toBe("Choose a whole number of uses.");
    expect(ZCreateRunToken.safeParse({ uses: 0 }).error?.issues[0]?.message).toBe("A run command can be used at least once.");
    expect(ZSetTag.safeParse({ name: "x", revision: [1] }).success).toBe(false);
    expect(ZSetTag.parse({ name: "x", revision: "2" })).toEqual({ name: "x", revision: 2 });
  });
});
