import { describe, expect, it } from "vitest";
import { newRowId } from "./ids";

describe("row ids", () => {
  it("are shaped like cuids, unique, and sort by creation time", async () => {
    const first = Array.from({ length: 2000 }, newRowId);
    for (const id of first) expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect(new Set(first).size).toBe(2000);
    await new Promise((r) => setTimeout(r, 5));
    const later = newRowId();
    expect(first.every((id) => id < later)).toBe(true);
  });
});
