import { describe, expect, it } from "vitest";
import type { EscValue } from "../lib/esc/export";
import { dotenvLines, projectProperties, renderValue, secretsOf, valueAtPath } from "./format";
import { parseRef } from "./ref";
import { shellQuote, splitCommand, runCommandLine } from "../lib/common/command-line";
import { parseDuration } from "../lib/esc/duration";

const s = (value: string, secret = false): EscValue => (secret ? { value, secret } : { value });

const PROPS: Record<string, EscValue> = {
  environmentVariables: {
    value: { PLAIN: s("plaintext"), SECRET: s("hunter2", true), NUM: { value: 3.14 }, BOOL: { value: true }, NIL: { value: null }, OBJ: { value: { a: s("b") } }, SHORT: s("ab", true) },
  },
  files: { value: { KEY: s("-----BEGIN KEY-----", true), LIST: { value: [s("x")] } } },
  pulumiConfig: { value: { a: s("b") } },
  nested: { value: { list: { value: [s("zero"), { value: { "a.b": s("dotted") } }] } } },
};

describe("projections", () => {
  it("keeps top-level scalars of environmentVariables and files, stringified, with secret flags", () => {
    const p = projectProperties(PROPS);
    expect(p.environmentVariables).toEqual({
      BOOL: { value: "true", secret: false },
      NIL: { value: "", secret: false },
      NUM: { value: "3.14", secret: false },
      PLAIN: { value: "plaintext", secret: false },
      SECRET: { value: "hunter2", secret: true },
      SHORT: { value: "ab", secret: true },
    });
    expect(p.files).toEqual({ KEY: { value: "-----BEGIN KEY-----", secret: true } });
    expect(secretsOf(p).sort()).toEqual(["-----BEGIN KEY-----", "ab", "hunter2"]);
  });

  it("renders dotenv and shell with Go quoting, variables before files", () => {
    expect(dotenvLines({ B: 'say "hi"\n', A: "1" }, { F: "/tmp/f" }, false)).toBe('A="1"\nB="say \\"hi\\"\\n"\nF="/tmp/f"\n');
    expect(dotenvLines({ A: "1" }, {}, true)).toBe('export A="1"\n');
  });

  it("renders values as json, yaml and string, redacting on request", () => {
    const v = PROPS.environmentVariables;
    expect(JSON.parse(renderValue(v, "json", true)).SECRET).toBe("[secret]");
    expect(JSON.parse(renderValue(v, "json", false)).SECRET).toBe("hunter2");
    expect(renderValue(v, "yaml", false)).toContain("SECRET: hunter2");
    expect(renderValue(s("x"), "string", false)).toBe("x\n");
  });

  it("renders --format string as esc's Value.ToString: Go-quoted elements and sorted pairs", () => {
    const obj = { value: { hello: s("world"), foo: s("bar"), n: { value: 1 }, q: s('say "hi"') } };
    expect(renderValue(obj, "string", false)).toBe('"foo"="bar","hello"="world","n"="1","q"="say \\"hi\\""\n');
    expect(renderValue({ value: [s("a"), { value: true }, { value: null }] }, "string", false)).toBe('"a","true",""\n');
    expect(renderValue({ value: { pw: { value: "x", secret: true } } }, "string", true)).toBe('"pw"="[secret]"\n');
  });

  it("renders detailed values with their flags and traces, redacting secret leaves on request", () => {
    const trace = { def: { environment: "app/dev", begin: { line: 3, column: 5, byte: 20 }, end: { line: 3, column: 12, byte: 27 } } };
    const v = { value: { pw: { value: "hunter2", secret: true, trace }, n: { value: 1, trace } } };
    expect(JSON.parse(renderValue(v, "detailed", true))).toEqual({ value: { pw: { value: "[secret]", secret: true, trace }, n: { value: 1, trace } } });
    expect(JSON.parse(renderValue(v, "detailed", false)).value.pw).toEqual({ value: "hunter2", secret: true, trace });
  });

  it("finds values by property path", () => {
    expect(valueAtPath(PROPS, "nested.list[0]")).toEqual(s("zero"));
    expect(valueAtPath(PROPS, 'nested.list[1]["a.b"]')).toEqual(s("dotted"));
    expect(valueAtPath(PROPS, "nested.missing")).toBeUndefined();
    expect(() => valueAtPath(PROPS, "a..b")).toThrow(/invalid path/);
  });
});

describe("references", () => {
  it.each([
    ["dev", { project: "default", name: "dev" }],
    ["dev@3", { project: "default", name: "dev", version: "3" }],
    ["acme/payments/dev@stable", { org: "acme", project: "payments", name: "dev", version: "stable" }],
    ["acme/payments/dev:latest", { org: "acme", project: "payments", name: "dev", version: "latest" }],
    ["payments/dev", { name: "dev", ambiguous: { first: "payments", second: "dev" } }],
    ["a/b/c/d", { org: "a", project: "b", name: "cd" }],
  ])("%s", (text, expected) => {
    expect(parseRef(text)).toEqual(expected);
  });

  it.each(["", "a//b", "-x", "a/b@", "a/b@x y"])("rejects %j", (text) => {
    expect(() => parseRef(text)).toThrow();
  });
});

describe("run lines", () => {
  it("quotes for POSIX shells and splits typed commands", () => {
    expect(shellQuote("acme/payments/dev")).toBe("acme/payments/dev");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
    expect(splitCommand(`aws s3 ls "my bucket" 'a b' c\\ d`)).toEqual(["aws", "s3", "ls", "my bucket", "a b", "c d"]);
    expect(() => splitCommand(`echo "open`)).toThrow(/unclosed/);
    expect(runCommandLine({ baseUrl: "https://f.example.com", token: "fry_run_abc", environment: "acme/p/dev", command: ["sh", "-c", "echo $X"] })).toBe(
      "npx -y https://f.example.com/cli/ferry.tgz run --token fry_run_abc acme/p/dev -- sh -c 'echo $X'",
    );
  });

  it.each([
    ["15m", 900],
    ["2h", 7200],
    ["1h30m", 5400],
    ["90s", 90],
    ["600", 600],
    ["", undefined],
    ["15 minutes", undefined],
  ])("parseDuration(%j)", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });
});

describe("argument interpolation", () => {
  it("substitutes ${path}, keeps $$ as $, empties missing paths and collects secrets", async () => {
    const { interpolateArgs } = await import("./format");
    const props: Record<string, EscValue> = { greeting: s("hi"), pw: s("hunter2", true), aws: { value: { id: s("AKIA") } } };
    expect(interpolateArgs(["echo", "${greeting} ${aws.id}", "$$HOME", "${missing}", "plain"], props)).toEqual({ args: ["echo", "hi AKIA", "$HOME", "", "plain"], secrets: [], unresolved: ["${missing}"] });
    expect(interpolateArgs(["${pw}"], props)).toEqual({ args: ["hunter2"], secrets: ["hunter2"], unresolved: [] });
    expect(interpolateArgs(["${a..b}"], props).args).toEqual(["${a..b}"]);
  });
});

describe("run line without a command", () => {
  it("ends with -- for the teammate to complete", () => {
    expect(runCommandLine({ baseUrl: "http://h", token: "fry_run_a", environment: "o/p/e" })).toBe("npx -y http://h/cli/ferry.tgz run --token fry_run_a o/p/e --");
  });
});
