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
export const tupleOf = (prefixItems: Schema[]): SchemaObject => ({ prefixItems, items: false, type: "array" });
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

/** Follows `$ref: #/$defs/x` against the root schema. */
export function resolveRef(s: Schema, root: Schema | undefined): Schema {
  let cur = s;
  for (let i = 0; i < 32 && typeof cur === "object" && cur.$ref; i++) {
    const m = /^#\/\$defs\/(.+)$/.exec(cur.$ref);
    const defs = typeof root === "object" ? root.$defs : undefined;
    const next = m && defs ? defs[m[1]] : undefined;
    if (next === undefined) return true;
    cur = next;
  }
  return cur;
}

/** Replaces every `$ref` with its target so sub-schemas can be used on their own. */
export function compileSchema(s: Schema): Schema {
  const seen = new Map<object, Schema>();
  const walk = (x: Schema, depth: number): Schema => {
    if (typeof x !== "object" || depth > 64) return x;
    if (seen.has(x)) return seen.get(x)!;
    const r = resolveRef(x, s);
    if (r !== x) return walk(r, depth + 1);
    const out: SchemaObject = { ...x };
    seen.set(x, out);
    if (x.anyOf) out.anyOf = x.anyOf.map((y) => walk(y, depth + 1));
    if (x.oneOf) out.oneOf = x.oneOf.map((y) => walk(y, depth + 1));
    if (x.prefixItems) out.prefixItems = x.prefixItems.map((y) => walk(y, depth + 1));
    if (x.items !== undefined) out.items = walk(x.items, depth + 1);
    if (x.additionalProperties !== undefined) out.additionalProperties = walk(x.additionalProperties, depth + 1);
    if (x.properties) {
      out.properties = {};
      for (const [k, v] of Object.entries(x.properties)) out.properties[k] = walk(v, depth + 1);
    }
    return out;
  };
  return walk(s, 0);
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
  for (const [k, v] of Object.entries(over.properties)) properties[k] = mergeSchema(v, base.properties[k]);
  const required = [...new Set([...(base.required ?? []), ...(over.required ?? [])])].sort();
  return { properties, type: "object", required };
}
