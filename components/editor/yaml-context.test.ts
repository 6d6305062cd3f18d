import { describe, expect, it } from "vitest";
import { enclosingKeys, interpolationBefore, lineInfo, splitPath } from "./yaml-context";

describe("editor YAML context", () => {
  it.each([
    ["", [""]],
    ["a", ["a"]],
    ["a.", ["a", ""]],
    ["a.b", ["a", "b"]],
    ['a["b.c"].d', ["a", "b.c", "d"]],
    ["a[0]", ["a", 0]],
    ["a[0].", ["a", 0, ""]],
    ["imports.base.x", ["imports", "base", "x"]],
  ])("splits %j", (path, expected) => {
    expect(splitPath(path)).toEqual(expected);
  });

  it("finds the ${...} being typed, and ignores $${ escapes and closed ones", () => {
    expect(interpolationBefore("  url: https://${app.ho")).toBe("app.ho");
    expect(interpolationBefore("  url: $${app")).toBeUndefined();
    expect(interpolationBefore("  url: ${a} and ")).toBeUndefined();
  });

  it("reads keys and list items", () => {
    expect(lineInfo("  foo: bar")).toEqual({ indent: 2, key: "foo", isListItem: false });
    expect(lineInfo("  - name: x")).toEqual({ indent: 4, key: "name", isListItem: true });
    expect(lineInfo('  "a b": 1').key).toBe("a b");
  });

  it("lists the enclosing keys by indentation", () => {
    const lines = ["values:", "  aws:", "    fn::open::aws-login:", "      oidc:", "        ", "imports:", "  - "];
    expect(enclosingKeys(lines, 4, 8)).toEqual(["values", "aws", "fn::open::aws-login", "oidc"]);
    expect(enclosingKeys(lines, 6, 4)).toEqual(["imports"]);
  });
});
