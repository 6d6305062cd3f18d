import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deleteValue, EditError, setValue, type EditErrorCode } from "./index";

const ENV = `# header
values:
  # comment
  "null": null
  boolean: true # trailing
  array: [hello, world]
  object: {hello: world}
  str: |
    multi
    line
  open:
    fn::open::test:
      foo: bar
      baz: qux
`;

interface Case {
  name: string;
  input: string;
  path: string | (string | number)[];
  /** undefined: delete */
  value?: unknown;
  expected: string;
}

const cases: Case[] = [
  // replacing
  { name: "replace scalar, line comment kept", input: ENV, path: "values.boolean", value: false, expected: ENV.replace("boolean: true #", "boolean: false #") },
  { name: "replace in flow seq", input: "a: [1, 2, 3]\n", path: "a[1]", value: "x y", expected: "a: [1, x y, 3]\n" },
  { name: "replace in flow map with object", input: "a: {x: 1, y: 2}\n", path: "a.x", value: { p: [1, "a b", "c: d", "x,y"] }, expected: "a: {x: {p: [1, a b, 'c: d', 'x,y']}, y: 2}\n" },
  { name: "replace block map with scalar keeps last comment", input: "a:\n  b: 1\n  c: 2 # cc\nd: 3\n", path: "a", value: 5, expected: "a: 5 # cc\nd: 3\n" },
  { name: "replace literal block with map", input: "a: |\n  text\n  more\nd: 3\n", path: "a", value: { x: 1 }, expected: "a:\n  x: 1\nd: 3\n" },
  { name: "replace with multi-line string", input: "a: 1 # note\nb: 2\n", path: "a", value: "x\ny", expected: "a: |- # note\n  x\n  y\nb: 2\n" },
  { name: "replace tagged scalar drops its tag", input: "a: !!str 5\nb: 1\n", path: "a", value: 6, expected: "a: 6\nb: 1\n" },
  { name: "replace anchored value", input: "b: &x [1]\nc: 2\n", path: "b", value: 6, expected: "b: 6\nc: 2\n" },
  { name: "replace after a key-line comment", input: "a: # c\n  - 1\n", path: "a", value: "x", expected: "a: x # c\n" },
  { name: "replace after an own-line comment", input: "a:\n  # c\n  - 1\n", path: "a", value: { p: 1, q: 2 }, expected: "a:\n  # c\n  p: 1\n  q: 2\n" },
  { name: "replace quoted key's value", input: "'fn::secret': 1\n\"a b\": 2\n", path: '["a b"]', value: 3, expected: "'fn::secret': 1\n\"a b\": 3\n" },
  { name: "first of duplicate keys", input: "a: 1\na: 2\n", path: "a", value: 3, expected: "a: 3\na: 2\n" },
  { name: "explicit key", input: "? a\n: 1\n", path: "a", value: 2, expected: "? a\n: 2\n" },
  { name: "indent 4 document keeps its step", input: "values:\n    a:\n        b: 1\n", path: "values.c", value: { d: { e: 1 } }, expected: "values:\n    a:\n        b: 1\n    c:\n        d:\n            e: 1\n" },
  { name: "set the whole document", input: "a: 1\n", path: [], value: { b: 2 }, expected: "b: 2\n" },
  // adding
  { name: "add property, comments kept", input: ENV, path: "values.new", value: [1, { a: 1, b: [2, 3] }, [4, 5]], expected: ENV + "  new:\n    - 1\n    - a: 1\n      b:\n        - 2\n        - 3\n    - - 4\n      - 5\n" },
  { name: "add to flow map", input: ENV, path: "values.object.n", value: 1, expected: ENV.replace("{hello: world}", '{hello: world, "n": 1}') },
  { name: "add to multi-line flow map", input: "a: {\n  x: 1,\n  y: 2\n}\n", path: "a.z", value: 3, expected: "a: {\n  x: 1,\n  y: 2, z: 3\n}\n" },
  { name: "empty {} in block context grows into block style", input: "a: {}\n", path: "a.x", value: 1, expected: "a:\n  x: 1\n" },
  { name: "empty [] in block context grows into block style", input: "b: []\n", path: "b[0]", value: { k: "v" }, expected: "b:\n  - k: v\n" },
  { name: "empty {} inside flow stays flow", input: "a: {b: {}, c: []}\n", path: "a.b.x", value: 1, expected: "a: {b: {x: 1}, c: []}\n" },
  { name: "empty [] inside flow stays flow", input: "a: {b: {}, c: []}\n", path: "a.c[0]", value: 1, expected: "a: {b: {}, c: [1]}\n" },
  { name: "empty root {} grows into block style", input: "{}\n", path: "a", value: 1, expected: "a: 1\n" },
  { name: "delete then set again (esc env set/rm round)", input: "values:\n  foo:\n    bar:\n      baz: qux\n", path: "values.foo.bar.alpha", value: "zed", expected: "values:\n  foo:\n    bar:\n      baz: qux\n      alpha: zed\n" },
  { name: "append to zero-indented seq", input: "a:\n- 1\n- 2\nb: 3\n", path: "a[2]", value: { k: 1, j: 2 }, expected: "a:\n- 1\n- 2\n- k: 1\n  j: 2\nb: 3\n" },
  { name: "append in nested seq", input: "a:\n- - 1\n  - 2\n", path: "a[0][2]", value: 3, expected: "a:\n- - 1\n  - 2\n  - 3\n" },
  { name: "create through null", input: "values:\nnext: 1\n", path: "values.a.b", value: "c", expected: "values:\n  a:\n    b: c\nnext: 1\n" },
  { name: "create through null keeps key comment", input: "values: # c\nnext: 1\n", path: "values.a", value: "c", expected: "values: # c\n  a: c\nnext: 1\n" },
  { name: "create through ~", input: "values: ~\n", path: "values.a", value: [1], expected: "values:\n  a:\n    - 1\n" },
  { name: "create in flow map", input: "a: {x: 1}\n", path: "a.y.z[0]", value: "w", expected: 'a: {x: 1, "y": {z: [w]}}\n' },
  { name: "empty document", input: "", path: "values.a", value: 1, expected: "values:\n  a: 1\n" },
  { name: "comment-only document", input: "# only a comment\n", path: "values.a", value: 1, expected: "# only a comment\nvalues:\n  a: 1\n" },
  { name: "document marker only", input: "---\n", path: "values.a", value: 1, expected: "---\nvalues:\n  a: 1\n" },
  { name: "no trailing newline, block scalar appended", input: "a: 1", path: "b", value: "x\ny", expected: "a: 1\nb: |-\n  x\n  y\n" },
  { name: "no trailing newline, seq", input: "a:\n  - 1", path: "a[1]", value: 2, expected: "a:\n  - 1\n  - 2" },
  { name: "CRLF line breaks", input: "a: 1\r\nb:\r\n  c: 2\r\n", path: "b.d", value: { e: 1 }, expected: "a: 1\r\nb:\r\n  c: 2\r\n  d:\r\n    e: 1\r\n" },
  { name: "secret-shaped value", input: "values:\n  a: 1\n", path: "values.pw", value: { "fn::secret": "hunter2" }, expected: "values:\n  a: 1\n  pw:\n    fn::secret: hunter2\n" },
  { name: "awkward keys are quoted", input: "a: 1\n", path: "b", value: { "": 1, "a: b": 2, true: 3, "x\ny": 4 }, expected: "a: 1\nb:\n  \"\": 1\n  'a: b': 2\n  \"true\": 3\n  \"x\\ny\": 4\n" },
  // removing
  { name: "remove with head comment", input: ENV, path: "values.null", expected: ENV.replace('  # comment\n  "null": null\n', "") },
  { name: "remove nested", input: ENV, path: 'values.open["fn::open::test"].foo', expected: ENV.replace("      foo: bar\n", "") },
  { name: "remove from flow seq", input: ENV, path: "values.array[1]", expected: ENV.replace("[hello, world]", "[hello]") },
  { name: "remove last of flow map", input: "a: {x: 1, y: 2}\n", path: "a.y", expected: "a: {x: 1}\n" },
  { name: "remove block scalar entry", input: ENV, path: "values.str", expected: ENV.replace("  str: |\n    multi\n    line\n", "") },
  { name: "remove only entry leaves {}", input: "values:\n  # about foo\n  foo: bar\nnext: 1\n", path: "values.foo", expected: "values: {}\nnext: 1\n" },
  { name: "remove only entry keeps key-line comment", input: "values: # vals\n  foo: bar\nnext: 1\n", path: "values.foo", expected: "values: {} # vals\nnext: 1\n" },
  { name: "remove only item leaves []", input: "values:\n  array:\n    - hello\n", path: "values.array[0]", expected: "values:\n  array: []\n" },
  { name: "remove only root key", input: "a: 1\n", path: "a", expected: "{}\n" },
  { name: "remove compact first key", input: "a:\n  - x: 1\n    y: 2\n", path: "a[0].x", expected: "a:\n  - y: 2\n" },
  { name: "remove with nested trailing comment", input: "a:\n  b:\n    c: 1\n    # inner\n  d: 2\n", path: "a.b", expected: "a:\n  d: 2\n" },
  { name: "remove last line without newline", input: "a: 1\nb: 2", path: "b", expected: "a: 1" },
  { name: "remove CRLF", input: "a: 1\r\nb: 2\r\nc: 3\r\n", path: "b", expected: "a: 1\r\nc: 3\r\n" },
];

describe("setValue / deleteValue", () => {
  it.each(cases)("$name", ({ input, path, value, expected }) => {
    const out = value === undefined ? deleteValue(input, path) : setValue(input, path, value);
    expect(out).toBe(expected);
  });
});

describe("errors", () => {
  const errors: { name: string; run: () => unknown; code: EditErrorCode; message: string }[] = [
    { name: "through a string", run: () => setValue("values:\n  a: x\n", "values.a.b", 1), code: "type-mismatch", message: 'values.a is a string, so it has no property "b"' },
    { name: "index on an object", run: () => setValue("values:\n  a: x\n", "values[0]", 1), code: "type-mismatch", message: "values is an object" },
    { name: "key on an array", run: () => setValue("values:\n  - x\n", "values.a", 1), code: "type-mismatch", message: "values is an array" },
    { name: "index past the end", run: () => setValue("values:\n  - x\n", "values[3]", 1), code: "out-of-range", message: "values has 1 element (use [1] to append)" },
    { name: "delete index past the end", run: () => deleteValue("values:\n  - x\n", "values[1]"), code: "not-found", message: "values[1]" },
    { name: "new array must start at 0", run: () => setValue("values: {}\n", "values.z[2]", 1), code: "out-of-range", message: "values.z is empty" },
    { name: "bad YAML", run: () => setValue("values: [a, b\n", "values.a", 1), code: "invalid-yaml", message: "not valid YAML (line 2" },
    { name: "unterminated quote", run: () => setValue('a: "secret\n', "a", 1), code: "invalid-yaml", message: "closing quote" },
    { name: "two documents", run: () => setValue("a: 1\n---\nb: 2\n", "a", 1), code: "invalid-yaml", message: "2 YAML documents" },
    { name: "root is a scalar", run: () => setValue("hello\n", "a", 1), code: "type-mismatch", message: "the document root is a string" },
    { name: "bad path", run: () => setValue("a: 1\n", "a..b", 1), code: "invalid-path", message: "a..b" },
    { name: "delete missing key", run: () => deleteValue("a: 1\n", "b"), code: "not-found", message: "there is no value at b" },
    { name: "delete whole document", run: () => deleteValue("a: 1\n", []), code: "invalid-path", message: "empty" },
    { name: "through an alias", run: () => setValue("b: &x {q: 1}\nc: *x\n", "c.q", 6), code: "unsupported", message: "alias" },
    { name: "function value", run: () => setValue("a: 1\n", "a", () => 1), code: "invalid-value", message: "function" },
    { name: "cyclic value", run: () => { const o: Record<string, unknown> = {}; o.o = o; return setValue("a: 1\n", "a", o); }, code: "invalid-value", message: "cycle" },
    { name: "class instance", run: () => setValue("a: 1\n", "a", new Date()), code: "invalid-value", message: "plain objects" },
    { name: "negative segment", run: () => setValue("a: [1]\n", ["a", -1], 1), code: "invalid-path", message: "not a valid array index" },
  ];
  it.each(errors)("$name", ({ run, code, message }) => {
    let err: unknown;
    try {
      run();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EditError);
    expect((err as EditError).code).toBe(code);
    expect((err as EditError).message).toContain(message);
  });

  it("never echoes document text in YAML errors", () => {
    try {
      setValue("values:\n  pw: 'hunter2\n", "values.x", 1);
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });
});

describe("canonical layout (the reference's re-encoding)", () => {
  it("re-indents with 4 spaces like go-yaml", () => {
    expect(setValue("values:\n  foo: bar\n", "values.bar", "baz", { layout: "canonical" })).toBe("values:\n    foo: bar\n    bar: baz\n");
  });
  it("keeps data equal to the preserving layout", () => {
    const a = setValue(ENV, "values.x", { y: [1, 2] });
    const b = setValue(ENV, "values.x", { y: [1, 2] }, { layout: "canonical", indent: 2 });
    expect(parse(b)).toEqual(parse(a));
  });
});

describe("odd inputs", () => {
  it.each([
    ["byte order mark", "\uFEFFa: 1\n", "b", 2, "\uFEFFa: 1\nb: 2\n"],
    ["document end marker", "a: 1\n...\n", "b", 2, "a: 1\nb: 2\n...\n"],
    ["start and end markers", "---\na: 1\n...\n", "a", 2, "---\na: 2\n...\n"],
    ["tab after colon", "a:\t1\n", "a", 2, "a:\t2\n"],
    ["merge keys", "base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n", "other.z", 3, "base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n  z: 3\n"],
    ["wide characters", "世界: hello\n", "世界", "bye", "世界: bye\n"],
    ["numeric key by quoted path", "values:\n  1: x\n", 'values["1"]', "y", 'values:\n  1: "y"\n'],
    ["flow map in block seq", "a:\n  - {x: 1}\n", "a[0].y", [1, 2], 'a:\n  - {x: 1, "y": [1, 2]}\n'],
    ["imports list", "imports:\n  - a\nvalues:\n  x: 1\n", "imports[1]", "b", "imports:\n  - a\n  - b\nvalues:\n  x: 1\n"],
    ["bigint", "a: 1\n", "a", 12345678901234567890n, "a: 12345678901234567890\n"],
    ["NaN", "a: 1\n", "a", NaN, "a: .nan\n"],
  ])("%s", (_, input, path, value, expected) => {
    expect(setValue(input, path, value)).toBe(expected);
  });
});

// The reference CLI re-encodes with a 2-space indent, so on 2-space definitions its output and
// ours agree byte for byte (cli/env-rm-each.yaml, cli/env-set.yaml in the corpus).
describe("reference CLI sequences", () => {
  it("esc env rm, one path after another", () => {
    let t = `imports:\n  - a\n  - b\nvalues:\n  # comment\n  "null": null\n  boolean: true\n  number: 42\n  string: esc\n  array: [hello, world]\n  object: {hello: world}\n  open:\n    fn::open::test:\n      foo: bar\n      baz: qux\n`;
    const open = `  open:\n    fn::open::test:\n      foo: bar\n      baz: qux\n`;
    const steps: [string, string][] = [
      ["null", `imports:\n  - a\n  - b\nvalues:\n  boolean: true\n  number: 42\n  string: esc\n  array: [hello, world]\n  object: {hello: world}\n${open}`],
      ["boolean", `imports:\n  - a\n  - b\nvalues:\n  number: 42\n  string: esc\n  array: [hello, world]\n  object: {hello: world}\n${open}`],
      ["number", `imports:\n  - a\n  - b\nvalues:\n  string: esc\n  array: [hello, world]\n  object: {hello: world}\n${open}`],
      ["string", `imports:\n  - a\n  - b\nvalues:\n  array: [hello, world]\n  object: {hello: world}\n${open}`],
      ["array[1]", `imports:\n  - a\n  - b\nvalues:\n  array: [hello]\n  object: {hello: world}\n${open}`],
      ["array[0]", `imports:\n  - a\n  - b\nvalues:\n  array: []\n  object: {hello: world}\n${open}`],
      ["array", `imports:\n  - a\n  - b\nvalues:\n  object: {hello: world}\n${open}`],
      ["object.hello", `imports:\n  - a\n  - b\nvalues:\n  object: {}\n${open}`],
      ["object", `imports:\n  - a\n  - b\nvalues:\n${open}`],
      ['open["fn::open::test"].foo', `imports:\n  - a\n  - b\nvalues:\n  open:\n    fn::open::test:\n      baz: qux\n`],
      ["open", `imports:\n  - a\n  - b\nvalues: {}\n`],
    ];
    for (const [path, expected] of steps) {
      t = deleteValue(t, `values.${path}`);
      expect(t).toBe(expected);
    }
  });

  it("esc env set, one path after another", () => {
    let t = "";
    const steps: [string, unknown][] = [
      ["values.foo.bar.baz", "qux"],
      ["values.foo.bar.alpha", "zed"],
      ["values.foo.beta[0]", "gamma"],
      ["values.foo.beta[1]", 42],
      ["values.array", ["hello", "world"]],
      ["values.array[1]", "esc"],
      ["values.array[2]", {}],
      ["values.array[2].foo", "bar"],
      ["values.array[2].foo", ""],
      ["values.array[2].boom", "baz"],
      ["imports[0]", "default/test2"],
      ["imports[1]", "default/test3"],
    ];
    for (const [path, value] of steps) t = setValue(t, path, value);
    expect(t).toBe(
      "values:\n  foo:\n    bar:\n      baz: qux\n      alpha: zed\n    beta:\n      - gamma\n      - 42\n" +
        '  array:\n    - hello\n    - esc\n    - foo: ""\n      boom: baz\nimports:\n  - default/test2\n  - default/test3\n',
    );
  });
});
