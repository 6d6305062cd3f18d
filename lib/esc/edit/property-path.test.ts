import { describe, expect, it } from "vitest";
import { EditError } from "./errors";
import { formatPropertyPath, parsePropertyPath } from "./property-path";

describe("parsePropertyPath", () => {
  it.each([
    ["a", ["a"]],
    ["a.b", ["a", "b"]],
    ["a.b[0]", ["a", "b", 0]],
    ['a.b[0]["c.d"]', ["a", "b", 0, "c.d"]],
    ['["dotted.property"]', ["dotted.property"]],
    ['object["foo"]', ["object", "foo"]],
    ['["deeply.nested"].path.with.an["\\"array[]\\""][0]', ["deeply.nested", "path", "with", "an", '"array[]"', 0]],
    ['open["fn::open::test"].foo', ["open", "fn::open::test", "foo"]],
    ["fn::secret", ["fn::secret"]],
    ["a-b.c_d", ["a-b", "c_d"]],
    ["[3][4]", [3, 4]],
    ['a["back\\\\slash"]', ["a", "back\\slash"]],
    ['a["lone\\q"]', ["a", "lone\\q"]],
    ['a[""]', ["a", ""]],
    ["values.é", ["values", "é"]],
  ])("%s", (path, segments) => {
    expect(parsePropertyPath(path)).toEqual(segments);
  });

  it.each([
    ["", "the path is empty"],
    ["a..b", "expected a property name at position 3"],
    [".a", "expected a property name"],
    ["a.", "expected a property name at position 3"],
    ["a.[0]", 'expected a property name after "."'],
    ["a[x]", 'a key must be quoted like ["x"]'],
    ["a[-1]", "non-negative whole number"],
    ["a[1", 'missing its closing "]"'],
    ['a["x', "missing its closing quote"],
    ['a["x"', 'expected "]"'],
    ['a["x"]b', 'expected "." or "["'],
    ["a]", 'unexpected "]"'],
    ["a[*]", "wildcards"],
    ["a[99999999999999999999]", "too large"],
  ])("rejects %j", (path, message) => {
    let err: unknown;
    try {
      parsePropertyPath(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EditError);
    expect((err as EditError).code).toBe("invalid-path");
    expect((err as EditError).message).toContain(message);
  });
});

describe("formatPropertyPath", () => {
  it.each([
    [["values", "a", "p"], "values.a.p"],
    [["values", "missing-inputs", "fn::open"], 'values["missing-inputs"]["fn::open"]'],
    [["imports", 0], "imports[0]"],
    [["dotted.key"], '["dotted.key"]'],
    [["q\"uote", "b\\s"], '["q\\"uote"]["b\\\\s"]'],
    [[], ""],
  ])("%j", (segments, text) => {
    expect(formatPropertyPath(segments)).toBe(text);
    if (segments.length > 0) expect(parsePropertyPath(text)).toEqual(segments);
  });
});
