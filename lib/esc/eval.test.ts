import { describe, expect, it } from "vitest";
import {
  checkEnvironment,
  createProviderRegistry,
  environmentToJson,
  evalEnvironment,
  getEnvironmentVariables,
  getTemporaryFiles,
  loadEnvironment,
  rotateEnvironment,
  type EvaluateOptions,
  type Provider,
} from "./index";

const echo: Provider = {
  name: "echo",
  inputSchema: true,
  outputSchema: true,
  async open(inputs) {
    return { value: inputs.value };
  },
};

function options(text: string, envs: Record<string, string> = {}, seen: string[] = []): EvaluateOptions {
  const { env } = loadEnvironment("root", text);
  return {
    name: "root",
    env,
    providers: createProviderRegistry([echo]),
    environments: {
      load(name) {
        seen.push(name);
        return envs[name] !== undefined ? { text: envs[name] } : { error: `environment ${name} not found` };
      },
    },
    context: { pulumi: { user: { id: "u1" } } },
  };
}

async function open(text: string, envs?: Record<string, string>) {
  const r = await evalEnvironment(options(text, envs));
  return { json: environmentToJson(r.env, false), redacted: environmentToJson(r.env, true), diags: r.diagnostics.map((d) => d.summary) };
}

describe("evalEnvironment", () => {
  const table: [string, string, Record<string, string>, unknown, string[]][] = [
    ["literals", "values: {a: 1, b: x, c: [true, null]}", {}, { a: 1, b: "x", c: [true, null] }, []],
    ["escape", "values: {a: 'a$$b'}", {}, { a: "a$b" }, []],
    ["symbol keeps type", "values: {a: {n: 1}, b: '${a}'}", {}, { a: { n: 1 }, b: { n: 1 } }, []],
    ["interpolation", "values: {a: {n: 1}, b: 'n=${a.n} list=${c}', c: [1, x]}", {}, { a: { n: 1 }, b: 'n=1 list="1","x"', c: [1, "x"] }, []],
    ["imports merge, later wins, null kept", "imports: [x, y]\nvalues: {o: {k: null}}", { x: "values: {o: {a: 1, k: 1}}", y: "values: {o: {a: 2}}" }, { o: { a: 2, k: null } }, []],
    ["merge: false", "imports: [{x: {merge: false}}]\nvalues: {v: '${imports.x.a}'}", { x: "values: {a: 1}" }, { v: 1 }, []],
    ["context", "values: {id: '${context.pulumi.user.id}', me: '${context.currentEnvironment.name}'}", {}, { id: "u1", me: "root" }, []],
    ["inline reference", "values: {v: '${environments.p.e.a}'}", { "p/e": "values: {a: 7}" }, { v: 7 }, []],
    ["unknown property", "values: {a: '${nope}'}", {}, { a: "[unknown]" }, ['unknown property "nope"']],
    ["cycle", "values: {a: '${b}', b: '${a}'}", {}, { a: "[unknown]", b: "[unknown]" }, ["cyclic reference to a"]],
    ["join/split", "values: {j: {fn::join: ['-', [a, b]]}, s: {fn::split: [',', 'x,y']}}", {}, { j: "a-b", s: ["x", "y"] }, []],
    ["concat", "values: {c: {fn::concat: [[1], [2, 3]]}}", {}, { c: [1, 2, 3] }, []],
    ["toJSON/fromJSON", "values: {t: {fn::toJSON: {b: '<', a: 1}}, f: {fn::fromJSON: '{\"x\": [1.50]}'}}", {}, { t: '{"a":1,"b":"\\u003c"}', f: { x: [1.5] } }, []],
    ["base64", "values: {e: {fn::toBase64: hi}, d: {fn::fromBase64: aGk=}}", {}, { e: "aGk=", d: "hi" }, []],
    ["fromBase64 error", "values: {d: {fn::fromBase64: '!!'}}", {}, { d: "[unknown]" }, ["decoding base64 string: illegal base64 data at input byte 0"]],
    ["toString", "values: {s: {fn::toString: {a: '', b: true}}}", {}, { s: '"a"="","b"="true"' }, []],
    ["open", "values: {o: {fn::open::echo: {x: 1}}, r: '${o.x}'}", {}, { o: { x: 1 }, r: 1 }, []],
    ["unknown provider", "values: {o: {fn::open::nope: {}}}", {}, { o: "[unknown]" }, ['unknown provider "nope"']],
    ["validate passes value through", "values: {v: {fn::validate: {schema: {type: string}, value: 3}}}", {}, { v: 3 }, ["expected string, got number"]],
    ["reserved keys", "values: {context: 1, ok: 2}", {}, { ok: 2 }, ['"context" is a reserved key']],
    ["missing import", "imports: [gone]\nvalues: {a: 1}", {}, { a: 1 }, ["environment gone not found"]],
    ["import cycle", "imports: [a]\nvalues: {v: 1}", { a: "imports: [b]\nvalues: {a: 1}", b: "imports: [a]\nvalues: {b: 2}" }, { a: 1, b: 2, v: 1 }, ["cyclic import of a"]],
    ["inline reference cycle", "values: {x: '${environments.p.e.x}'}", { "p/e": "values: {x: '${environments.p.e.x}'}" }, { x: "[unknown]" }, ["cyclic import of p/e"]],
    ["invalid object key", "values: {o: {'${k}': 1, ok: 2}}", {}, { o: { ok: 2 } }, []],
    ["validate reports, value passes", "values: {v: {fn::validate: {schema: {type: object, required: [a]}, value: {b: 1}}}}", {}, { v: { b: 1 } }, ["missing required properties: a"]],
    ["validate bad pattern", "values: {v: {fn::validate: {schema: {type: string, pattern: '('}, value: x}}}", {}, { v: "x" }, ["invalid schema: error parsing regexp: missing closing ): `(`"]],
    ["duplicate keys", "values: {a: 1, a: 2}", {}, { a: 1 }, ['duplicate key "a"']],
  ];
  it.each(table)("%s", async (_name, text, envs, want, diags) => {
    const r = await open(text, envs);
    expect(r.json).toEqual(want);
    expect(r.diags).toEqual(diags);
  });

  it("fromJSON of a secret is deeply secret", async () => {
    const r = await open(`values: {s: {fn::fromJSON: {fn::secret: '{"a": {"b": 1}}'}}, r: '\${s.a.b}'}`);
    expect(r.redacted).toEqual({ s: "[secret]", r: "[secret]" });
    expect(r.json).toEqual({ s: { a: { b: 1 } }, r: 1 });
  });

  it("redacts secrets, checked before unknowns", async () => {
    const r = await open("values: {s: {fn::secret: pw}, i: 'x${s}', o: {k: {fn::secret: v}, p: 1}}");
    expect(r.redacted).toEqual({ s: "[secret]", i: "[secret]", o: { k: "[secret]", p: 1 } });
    expect(r.json).toEqual({ s: "pw", i: "xpw", o: { k: "v", p: 1 } });
  });

  it("final values cannot be overridden", async () => {
    const r = await open("imports: [a]\nvalues: {f: 2}", { a: "values: {f: {fn::final: 1}}" });
    expect(r.json).toEqual({ f: 1 });
    expect(r.diags).toEqual(["cannot override final value"]);
  });

  it("passes versioned environment names to the loader unchanged", async () => {
    const seen: string[] = [];
    await evalEnvironment(options("imports: [base@stable, other@4]\nvalues: {v: '${environments.p.e@2.x}'}", {}, seen));
    expect(seen).toEqual(["base@stable", "other@4", "p/e@2"]);
  });

  it("returns no environment for an empty document", async () => {
    const r = await evalEnvironment(options(""));
    expect(r.env).toBeUndefined();
    expect(r.diagnostics).toEqual([]);
  });
});

describe("checkEnvironment", () => {
  it("does not call providers and types outputs by schema", async () => {
    let calls = 0;
    const p: Provider = {
      name: "p",
      inputSchema: true,
      outputSchema: { type: "object", properties: { s: { type: "string" } } },
      async open() {
        calls++;
        return { value: {} };
      },
    };
    const { env } = loadEnvironment("root", "values: {o: {fn::open::p: {}}, bad: '${o.s.x}', ok: '${o.s}'}");
    const r = await checkEnvironment({ name: "root", env, providers: createProviderRegistry([p]) });
    expect(calls).toBe(0);
    expect(environmentToJson(r.env, true)).toEqual({ o: "[unknown]", bad: "[unknown]", ok: "[unknown]" });
    expect(r.diagnostics.map((d) => d.summary)).toEqual(["receiver must be an array or an object"]);
  });
});

describe("rotateEnvironment", () => {
  it("records state patches for selected rotators", async () => {
    const { env } = loadEnvironment("root", "values:\n  r:\n    fn::rotate::flip:\n      inputs: {}\n      state: {v: a}\n");
    const r = await rotateEnvironment({
      name: "root",
      env,
      rotators: createProviderRegistry([], [
        {
          name: "flip",
          inputSchema: true,
          stateSchema: true,
          outputSchema: true,
          async open(_i, s) {
            return s;
          },
          async rotate() {
            return { value: { v: { value: "b" } } };
          },
        },
      ]),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.patches.map((p) => p.docPath)).toEqual(['values.r["fn::rotate::flip"].state']);
    expect(r.rotations).toEqual([{ path: "values.r", status: "rotated" }]);
    expect(environmentToJson(r.env, false)).toEqual({ r: { v: "b" } });
  });
});

describe("projections", () => {
  it("exports scalar environment variables and files", async () => {
    const { env } = loadEnvironment(
      "root",
      "values:\n  environmentVariables: {A: 1, B: {fn::secret: s}, C: [x], D: null}\n  files: {F: content}\n",
    );
    const r = await evalEnvironment({ name: "root", env });
    expect(getEnvironmentVariables(r.env)).toEqual({
      A: { value: "1", secret: false },
      B: { value: "s", secret: true },
      D: { value: "", secret: false },
    });
    expect(getEnvironmentVariables(r.env, true).B.value).toBe("[secret]");
    expect(getTemporaryFiles(r.env)).toEqual({ F: { value: "content", secret: false } });
  });
});
