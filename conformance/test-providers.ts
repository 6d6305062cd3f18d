// The providers, rotators and decrypter the reference's eval tests register
// (ESC_CONFORMANCE.md §1.3). They live outside lib/ so the language core has no test branches.

import {
  createProviderRegistry,
  type Decrypter,
  type EscValue,
  type Provider,
  type ProviderRegistry,
  type Rotator,
  type SchemaObject,
} from "../lib/esc";

const str = (): SchemaObject => ({ type: "string" });

/** Values the Go test rotators build with esc.NewValue carry a zero, environment-less trace. */
const zeroTrace = () => ({ def: { begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } } });

/** rot128: adds 128 to every byte; encryption and decryption are the same. */
export const rot128: Decrypter & { encrypt(b: Uint8Array): Uint8Array } = {
  decrypt: (b) => b.map((x) => (x + 128) & 255),
  encrypt: (b) => b.map((x) => (x + 128) & 255),
};

const testProvider: Provider = {
  name: "test",
  inputSchema: true,
  outputSchema: true,
  async open(inputs) {
    return { value: inputs.value };
  },
};

const errorProvider: Provider = {
  name: "error",
  inputSchema: { properties: { why: str() }, type: "object", required: ["why"] },
  outputSchema: true,
  async open(inputs) {
    const why = (inputs.value as Record<string, EscValue>).why?.value;
    throw new Error(String(why));
  },
};

const schemaProviderSchema: SchemaObject = {
  $defs: { defRecord: { properties: { baz: { type: "string", const: "qux" } }, type: "object", required: ["baz"] } },
  properties: {
    null: { type: "null" },
    boolean: { type: "boolean" },
    false: { type: "boolean", const: false },
    true: { type: "boolean", const: true },
    number: { type: "number" },
    pi: { type: "number", const: 3.14 },
    string: str(),
    hello: { type: "string", const: "hello" },
    array: { items: true, type: "array" },
    tuple: { prefixItems: [{ type: "string", const: "hello" }, { type: "string", const: "world" }], items: false, type: "array" },
    map: { additionalProperties: true, type: "object" },
    record: { properties: { foo: str() }, type: "object", required: ["foo"] },
    anyOf: { anyOf: [str(), { type: "number" }], type: "" },
    oneOf: { oneOf: [str(), { type: "number" }], type: "" },
    ref: { $ref: "#/$defs/defRecord", type: "" },
    "const-array": { type: "array", const: ["hello", 42] },
    "const-object": { type: "object", const: { hello: "world" } },
    enum: { type: "string", enum: ["foo", "bar"] },
    never: false,
    always: true,
    double: { prefixItems: [str(), { type: "number" }], items: false, type: "array" },
    triple: { prefixItems: [str(), { type: "number" }, { type: "boolean" }], items: false, type: "array" },
    dependentReq: {
      properties: { bar: { type: "number" }, foo: str() },
      type: "object",
      dependentRequired: { foo: ["bar"] },
    },
    multiple: { type: "number", multipleOf: 2 },
    minimum: { type: "number", minimum: 1 },
    exclusiveMinimum: { type: "number", exclusiveMinimum: 1 },
    maximum: { type: "number", maximum: 1 },
    exclusiveMaximum: { type: "number", exclusiveMaximum: 1 },
    minLength: { type: "string", minLength: 1 },
    maxLength: { type: "string", maxLength: 1 },
    pattern: { type: "string", pattern: "^foo[0-9]+$" },
    minItems: { type: "array", minItems: 3 },
    maxItems: { type: "array", maxItems: 2 },
    minProperties: { type: "object", minProperties: 1 },
    maxProperties: { type: "object", maxProperties: 1 },
  },
  type: "object",
};

const schemaProvider: Provider = {
  name: "schema",
  inputSchema: schemaProviderSchema,
  outputSchema: schemaProviderSchema,
  async open(inputs) {
    return { value: inputs.value };
  },
};

const secretWrapper: Provider = {
  name: "secret-wrapper",
  inputSchema: true,
  outputSchema: true,
  async open(inputs) {
    return { value: inputs.value, secret: true };
  },
};

/** Benchmark provider: waits `delayMs` and returns the Go duration text of the delay. */
export function benchProvider(delayMs = 0): Provider {
  return {
    name: "bench",
    inputSchema: true,
    outputSchema: true,
    async open() {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return { value: delayMs === 0 ? "0s" : `${delayMs}ms` };
    },
  };
}

const abRecord: SchemaObject = { properties: { a: str(), b: str() }, type: "object", required: ["a", "b"] };

function field(v: EscValue | undefined, k: string): EscValue | undefined {
  const o = v?.value;
  return o && typeof o === "object" && !Array.isArray(o) ? o[k] : undefined;
}

const swap: Rotator = {
  name: "swap",
  inputSchema: true,
  stateSchema: abRecord,
  outputSchema: abRecord,
  async open(_inputs, state) {
    return state;
  },
  async rotate(_inputs, state) {
    return { value: { a: field(state, "b")!, b: field(state, "a")! }, trace: zeroTrace() };
  },
};

const echoState: SchemaObject = {
  properties: { current: str(), previous: str() },
  type: "object",
  required: ["current"],
};

const echo: Rotator = {
  name: "echo",
  inputSchema: { properties: { next: str() }, type: "object", required: ["next"], rotateOnly: ["next"] },
  stateSchema: echoState,
  outputSchema: echoState,
  async open(inputs, state) {
    const next = field(inputs, "next");
    if (next && !next.unknown && next.value !== field(state, "current")?.value) {
      throw new Error("oh no! inputs were evaluated outside of rotation");
    }
    return state.value === undefined || state.value === null ? { value: {} } : state;
  },
  async rotate(inputs, state) {
    const next = field(inputs, "next");
    if (!next || next.unknown) throw new Error("oh no! rotateOnly inputs were not evaluated during rotation");
    return { value: { current: next, previous: field(state, "current") ?? { trace: zeroTrace() } }, trace: zeroTrace() };
  },
};

/** Providers/rotators as registered by the reference's eval tests. */
export function testRegistry(benchDelayMs = 0): ProviderRegistry {
  return createProviderRegistry(
    [testProvider, errorProvider, schemaProvider, secretWrapper, benchProvider(benchDelayMs)],
    [swap, echo],
  );
}
