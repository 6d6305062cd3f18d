// How `ferry env version` and `history` print a revision: esc's layout (env_version.go), so that
// scripts and eyes used to `esc env version history` read it the same (times in Ferry's one format).
import { describe, expect, it } from "vitest";
import { formatRevision } from "./commands/version";

const base = { number: 4, created: "2026-11-30T16:37:00.000Z", creatorLogin: "ana@example.com", creatorName: "Ana" };

describe("formatRevision", () => {
  it("names one tag, several tags, and never the implicit latest", () => {
    expect(formatRevision({ ...base, tags: ["latest"] }, true)).toBe("revision 4\nAuthor: Ana <ana@example.com>\nDate:   2026-11-30 16:37 UTC\n");
    expect(formatRevision({ ...base, tags: ["latest", "stable"] }, true).split("\n")[0]).toBe("revision 4 (tag: stable)");
    expect(formatRevision({ ...base, tags: ["prod", "stable"] }, true).split("\n")[0]).toBe("revision 4 (tags: prod, stable)");
  });

  it("marks a retracted revision with who, when, its replacement and the reason, line by line", () => {
    const text = formatRevision(
      { ...base, creatorName: undefined, tags: ["stable"], retracted: { replacement: 5, at: "2026-11-30T17:00:00.000Z", byLogin: "bo@example.com", reason: "plaintext secret\nrotate it" } },
      true,
    );
    expect(text).toBe(
      "revision 4 (retracted)\nAuthor: ana@example.com\nDate:   2026-11-30 16:37 UTC\n\n" +
        "    Retracted by bo@example.com at 2026-11-30 17:00 UTC and replaced with revision 5.\n\n    plaintext secret\n    rotate it\n",
    );
  });

  it("says <unknown> for a deleted author", () => {
    expect(formatRevision({ ...base, creatorLogin: undefined, creatorName: undefined }, true)).toContain("Author: <unknown>\n");
  });
});
