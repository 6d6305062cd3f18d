// The syntax tree: decoded YAML with a source range and a document path on every node and key.

import type { Range } from "./diagnostics";
import type { LineIndex } from "./positions";

interface NodeBase {
  range: Range;
  /** document path, e.g. `values.a["b-c"][0]` */
  path: string;
}

export interface NullNode extends NodeBase {
  kind: "null";
}
export interface BooleanNode extends NodeBase {
  kind: "boolean";
  value: boolean;
}
/** Numbers keep their decimal text (the reference's json.Number), never a JS double. */
export interface NumberNode extends NodeBase {
  kind: "number";
  value: string;
}
export interface StringNode extends NodeBase {
  kind: "string";
  value: string;
  /** present for single-line plain scalars: lets interpolation errors point inside the string */
  sub?: { index: LineIndex; line: number; column: number };
}
export interface ArrayNode extends NodeBase {
  kind: "array";
  elements: SyntaxNode[];
}
export interface ObjectEntry {
  key: StringNode;
  value: SyntaxNode;
}
export interface ObjectNode extends NodeBase {
  kind: "object";
  entries: ObjectEntry[];
}

export type SyntaxNode = NullNode | BooleanNode | NumberNode | StringNode | ArrayNode | ObjectNode;
