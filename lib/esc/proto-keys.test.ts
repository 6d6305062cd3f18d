// `__proto__` and `constructor` are ordinary keys, as in the reference (Go maps have no
// prototypes): kept in YAML and JSON documents, fn::fromJSON and every exported shape, and never
// re-prototyping an object.

import { describe, expect, it } from "vitest";
import { environmentToJson, evalEnvironment, getEnvironmentVariables, loadEnvironment } from "./index";

async function open(text: string) {
  const l = loadEnvironment("root", text);
  const r = await evalEnvironment({ name: "root", env: l.env });
  return { env: r.env, json: environmentToJson(r.env, false), diags: [...l.diagnostics, ...r.diagnostics].map((d) => d.summary) };
}

const own = (o: unknown, k: string) => typeof o === "object" && o !== null && Object.hasOwn(o, k);

describe("prototype-named keys", () => {
  it.each([
    ["YAML", "values:\n  o:\n    __proto__: {polluted: 1}\n    constructor: 2\n    b: 3\n"],
    ["JSON", '{"values": {"o": {"__proto__": {"polluted": 1}, "constructor": 2, "b": 3}}}'],
    ["fn::fromJSON", `values:\n  o:\n    fn::fromJSON: '{"__proto__": {"polluted": 1}, "constructor": 2, "b": 3}'\n`],
  ])("%s keeps them as own keys", async (_kind, text) => {
    const r = await open(text);
    expect(r.diags).toEqual([]);
    const o = r.json.o as Record<string, unknown>;
    expect(own(o, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(o.__proto__).toEqual({ polluted: 1 });
    expect(o.constructor).toBe(2);
    expect(Object.keys(o).sort()).toEqual(["__proto__", "b", "constructor"]);
    expect(JSON.parse(JSON.stringify(r.json))).toEqual({ o: JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2, "b": 3}') });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // the exported EscValue tree keeps it too
    const props = r.env!.properties!.o.value as Record<string, unknown>;
    expect(own(props, "__proto__")).toBe(true);
  });

  it("references and interpolations reach them", async () => {
    const r = await open("values:\n  o: {__proto__: 5, constructor: 6}\n  s: ${o.__proto__}\n  t: ${o[\"constructor\"]}\n  u: ${o.toString}\n");
    expect(r.json.s).toBe(5);
    expect(r.json.t).toBe(6);
    // an inherited name is not a key
    expect(r.diags.some((d) => d.includes("toString"))).toBe(true);
  });

  it("a __proto__ environment variable is projected as such", async () => {
    const r = await open("values:\n  environmentVariables: {__proto__: x, constructor: y}\n");
    const vars = getEnvironmentVariables(r.env);
    expect(own(vars, "__proto__")).toBe(true);
    expect(vars.__proto__).toEqual({ value: "x", secret: false });
    expect(vars.constructor).toEqual({ value: "y", secret: false });
  });

  it("schemas with a constructor property do not resolve Object.prototype members", async () => {
    const text =
      "values:\n  v:\n    fn::validate:\n      schema: {type: object, properties: {__proto__: {type: string}}, required: [__proto__, constructor]}\n      value: {__proto__: 1}\n";
    const r = await open(text);
    expect(r.diags).toEqual(["missing required properties: constructor", "expected string, got number"]);
  });
});
