// Property-based robustness: the public API never throws, always answers with a diagnostics
// list, and finishes quickly on arbitrary input.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEnvironment, createProviderRegistry, environmentToJson, evalEnvironment, loadEnvironment } from "./index";

const providers = createProviderRegistry([
  { name: "test", inputSchema: true, outputSchema: true, open: async (i) => ({ value: i.value }) },
]);

const key = fc.constantFrom("a", "b", "c", "d", "x-y", "fn::secret", "fn::open::test", "fn::join", "fn::toJSON", "imports", "context");
const scalar = fc.oneof(
  fc.constantFrom("${a}", "${b.c}", "${a[0]}", "x${c}y", "$${a}", "${", "${}", "${imports.z}", "${context.currentEnvironment.name}"),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const doc = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 4 }),
})).object;

function yamlOf(v: unknown, indent = ""): string {
  // JSON is valid YAML (flow style) and exercises the same paths
  return indent + JSON.stringify(v);
}

async function runAll(text: string) {
  const load = loadEnvironment("fuzz", text);
  expect(Array.isArray(load.diagnostics)).toBe(true);
  const opts = { name: "fuzz", env: load.env, providers, environments: { load: () => ({ text }) } };
  const check = await checkEnvironment(opts);
  const open = await evalEnvironment(opts);
  expect(Array.isArray(check.diagnostics)).toBe(true);
  expect(Array.isArray(open.diagnostics)).toBe(true);
  const internal = [...load.diagnostics, ...check.diagnostics, ...open.diagnostics].filter((d) =>
    d.summary.startsWith("internal error"),
  );
  expect(internal).toEqual([]);
  environmentToJson(open.env, true);
}

describe("fuzz", () => {
  it("random strings never throw", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
        await runAll(s);
      }),
      { numRuns: 300 },
    );
  });

  it("random YAML-ish text never throws", async () => {
    const chars = fc.constantFrom("a", ":", " ", "\n", "-", "[", "]", "{", "}", "$", "{", "&", "*", "!", "'", '"', "#", "|", "\t");
    await fc.assert(
      fc.asyncProperty(fc.array(chars, { maxLength: 120 }), async (cs) => {
        await runAll("values:\n  " + cs.join(""));
      }),
      { numRuns: 300 },
    );
  });

  it("random documents evaluate in bounded time", async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.array(fc.constantFrom("x", "fuzz", "x@1"), { maxLength: 3 }), async (values, imports) => {
        const text = `imports: ${JSON.stringify(imports)}\nvalues: ${yamlOf(values)}\n`;
        const t = performance.now();
        await runAll(text);
        expect(performance.now() - t).toBeLessThan(2000);
      }),
      { numRuns: 300 },
    );
  });
});
