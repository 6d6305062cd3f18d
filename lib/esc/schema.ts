import { getOwn, setOwn } from "./own";
// The JSON-Schema subset the reference uses for provider inputs/outputs and value types
// (schema/schema.go). Schemas are plain JSON objects so they serialise as the reference does.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface SchemaObject {
  $defs?: Record<string, Schema>;
  $ref?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  prefixItems?: Schema[];
  items?: Schema;
  additionalProperties?: Schema;
  properties?: Record<string, Schema>;
  /** always present in the reference's JSON; `""` when a union or ref */
  type: string;
  const?: Json;
  enum?: Json[];
  multipleOf?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  dependentRequired?: Record<string, string[]>;
  title?: string;
  description?: string;
  secret?: boolean;
  /** rotator input properties only evaluated during rotation */
  rotateOnly?: string[];
}

/** `true` accepts anything (Always), `false` nothing (Never). */
export type Schema = boolean | SchemaObject;

export const Always: Schema = true;
export const Never: Schema = false;

export const stringSchema = (): SchemaObject => ({ type: "string" });
export const numberSchema = (): SchemaObject => ({ type: "number" });
export const booleanSchema = (): SchemaObject => ({ type: "boolean" });
export const nullSchema = (): SchemaObject => ({ type: "null" });
export const arrayOf = (items: Schema): SchemaObject => ({ items, type: "array" });
export const tupleOf = (prefixItems: Schema[]): SchemaObject =>
  prefixItems.length ? { prefixItems, items: false, type: "array" } : { items: false, type: "array" };
export const mapOf = (additionalProperties: Schema): SchemaObject => ({ additionalProperties, type: "object" });
export const anyOf = (...s: Schema[]): SchemaObject => ({ anyOf: s, type: "" });
export const oneOf = (...s: Schema[]): SchemaObject => ({ oneOf: s, type: "" });

/** A record: every listed property is required (the reference's schema.Record). */
export function recordOf(properties: Record<string, Schema>): SchemaObject {
  const keys = Object.keys(properties);
  // the reference omits empty maps and lists (omitempty)
  if (keys.length === 0) return { type: "object" };
  return { properties, type: "object", required: keys.sort() };
}

export function objectOf(properties: Record<string, Schema>, required?: string[]): SchemaObject {
  const s: SchemaObject = { properties, type: "object" };
  if (required?.length) s.required = required;
  return s;
}

// `$ref` targets found by compileSchema, kept outside the schema objects so schemas still
// serialise with their `$ref`s, as the reference prints them.
const refTargets = new WeakMap<object, Schema>();

/** Follows `$ref: #/$defs/x` (via compileSchema's index, else against `root`). */
export function resolveRef(s: Schema, root: Schema | undefined): Schema {
  let cur = s;
  for (let i = 0; i < 32 && typeof cur === "object" && cur.$ref; i++) {
    let next = refTargets.get(cur);
    if (next === undefined) {
      const m = /^#\/\$defs\/(.+)$/.exec(cur.$ref);
      const defs = typeof root === "object" ? root.$defs : undefined;
      next = m && defs ? defs[m[1]] : undefined;
    }
    if (next === undefined) return true;
    cur = next;
  }
  return cur;
}

/** Indexes every `$ref` under `root` so sub-schemas resolve on their own; returns `root`. */
export function compileSchema(root: Schema): Schema {
  const seen = new Set<object>();
  const walk = (x: Schema | undefined, depth: number): void => {
    if (typeof x !== "object" || seen.has(x) || depth > 64) return;
    seen.add(x);
    if (x.$ref && !refTargets.has(x)) {
      const t = resolveRef(x, root);
      refTargets.set(x, t);
      walk(t, depth + 1);
    }
    for (const list of [x.anyOf, x.oneOf, x.prefixItems]) list?.forEach((y) => walk(y, depth + 1));
    walk(x.items, depth + 1);
    walk(x.additionalProperties, depth + 1);
    for (const v of Object.values(x.properties ?? {})) walk(v, depth + 1);
    for (const v of Object.values(x.$defs ?? {})) walk(v, depth + 1);
  };
  walk(root, 0);
  return root;
}

/** Schema of property `k` of an object schema; Never when the schema does not allow it. */
export function schemaProperty(s: Schema, k: string): Schema {
  if (typeof s !== "object") return s;
  if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, k)) return s.properties[k];
  if (s.additionalProperties !== undefined) return s.additionalProperties;
  return Never;
}

/** Schema of element `i` of an array schema. */
export function schemaItem(s: Schema, i: number): Schema {
  if (typeof s !== "object") return s;
  if (s.prefixItems && i < s.prefixItems.length) return s.prefixItems[i];
  if (s.items !== undefined) return s.items;
  return s.prefixItems ? Never : Always;
}

/** Merges an object schema over its base (later properties win), as the reference's mergedSchema. */
export function mergeSchema(over: Schema, base: Schema | undefined): Schema {
  if (base === undefined) return over;
  if (typeof over !== "object" || typeof base !== "object" || over.type !== "object" || base.type !== "object") {
    return over;
  }
  if (!over.properties || !base.properties) return over;
  const properties: Record<string, Schema> = { ...base.properties };
  for (const [k, v] of Object.entries(over.properties)) setOwn(properties, k, mergeSchema(v, getOwn(base.properties, k)));
  const required = [...new Set([...(base.required ?? []), ...(over.required ?? [])])].sort();
  return { properties, type: "object", required };
}

const TYPE_NAMES = ["null", "boolean", "number", "integer", "string", "array", "object"];

/**
 * The subset of the JSON-Schema meta-schema that `fn::validate` checks an object schema
 * against (`true`/`false` schemas are accepted as they are).
 */
export function jsonSchemaSchema(): Schema {
  const typeName: SchemaObject = { type: "string", enum: TYPE_NAMES };
  const num: SchemaObject = { type: "number" };
  const count: SchemaObject = { type: "number", minimum: 0 };
  const strings: SchemaObject = { items: { type: "string" }, type: "array" };
  const schemas: SchemaObject = { items: true, type: "array" };
  const schemaOrBool: SchemaObject = { anyOf: [{ type: "boolean" }, { type: "object" }], type: "" };
  const props: Record<string, Schema> = {
    $defs: { additionalProperties: schemaOrBool, type: "object" },
    $ref: { type: "string" },
    anyOf: schemas,
    oneOf: schemas,
    prefixItems: schemas,
    items: schemaOrBool,
    additionalProperties: schemaOrBool,
    properties: { additionalProperties: schemaOrBool, type: "object" },
    type: { anyOf: [typeName, { items: typeName, type: "array" }], type: "" },
    enum: { items: true, type: "array" },
    multipleOf: num,
    maximum: num,
    exclusiveMaximum: num,
    minimum: num,
    exclusiveMinimum: num,
    maxLength: count,
    minLength: count,
    pattern: { type: "string" },
    maxItems: count,
    minItems: count,
    maxProperties: count,
    minProperties: count,
    required: strings,
    dependentRequired: { additionalProperties: strings, type: "object" },
    title: { type: "string" },
    description: { type: "string" },
    secret: { type: "boolean" },
  };
  return { properties: props, type: "object" };
}
