import { describe, expect, it } from "vitest";
import { diffValues } from "./value-diff";

const v = (value: unknown, extra: object = {}) => ({ value, ...extra }) as never;

describe("resolved value diff", () => {
  it("reports added, removed and changed leaves by path", () => {
    const before = { app: v({ name: v("a"), port: v(80) }), old: v(true) };
    const after = { app: v({ name: v("b"), port: v(80), "x-y": v([v(1)]) }) };
    expect(diffValues(before, after, false)).toEqual([
      { path: "app.name", kind: "changed", before: '"a"', after: '"b"', secret: false },
      { path: 'app["x-y"][0]', kind: "added", after: "1", secret: false },
      { path: "old", kind: "removed", before: "true", secret: false },
    ]);
  });

  it("masks secrets unless revealed, and still sees that a secret changed only when revealed", () => {
    const before = { pw: v("one", { secret: true }) };
    const after = { pw: v("two", { secret: true }) };
    expect(diffValues(before, after, false)).toEqual([]);
    expect(diffValues(before, after, true)).toEqual([{ path: "pw", kind: "changed", before: '"one"', after: '"two"', secret: true }]);
  });

  it("lists a masked secret whose stored ciphertext changed as changed (hidden), never its value", async () => {
    const { sealedSecrets } = await import("./value-diff");
    const rev = (ct: string) => `values:\n  db:\n    pw:\n      fn::secret:\n        ciphertext: ${ct}\n  plain: 1\n`;
    const masked = { db: v({ pw: v("[unknown]", { secret: true, unknown: true }) }), plain: v(1) };
    const same = diffValues(masked, masked, false, [sealedSecrets(rev("ZXNjeAAAAAEone")), sealedSecrets(rev("ZXNjeAAAAAEone"))]);
    expect(same).toEqual([]);
    const changed = diffValues(masked, masked, false, [sealedSecrets(rev("ZXNjeAAAAAEone")), sealedSecrets(rev("ZXNjeAAAAAEtwo"))]);
    expect(changed).toEqual([{ path: "db.pw", kind: "changed", before: '"[secret]"', after: '"[secret]"', secret: true, hidden: true }]);
    expect(JSON.stringify(changed)).not.toContain("ZXNj");
    expect(sealedSecrets("not: [valid")).toEqual(new Map());
  });
});
