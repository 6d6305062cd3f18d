import type { Schema } from "@/lib/esc";

/** The schema at a property path, following properties/items; undefined when unknown. */
export function schemaAt(schema: Schema | undefined, path: (string | number)[]): Schema | undefined {
  let s = schema;
  for (const seg of path) {
    if (s === undefined || typeof s === "boolean") return s;
    if (typeof seg === "number") s = s.prefixItems?.[seg] ?? s.items;
    else s = s.properties?.[seg] ?? s.additionalProperties;
  }
  return s;
}

/** A short type label such as "string", "object", "string | number". */
export function typeLabel(s: Schema | undefined): string {
  if (s === undefined || s === true) return "any";
  if (s === false) return "never";
  if (s.type) return s.type;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return [...new Set(alts.map(typeLabel))].join(" | ");
  return "any";
}
