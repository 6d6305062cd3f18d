// The abstract syntax of an environment: declarations and expressions, each pointing back at
// the syntax node it came from (for ranges and document paths).

import type { PropertyAccess, TemplatePart } from "./interpolation";
import type { ArrayNode, ObjectNode, StringNode, SyntaxNode } from "./syntax";

interface ExprBase {
  node: SyntaxNode;
}

export interface NullExpr extends ExprBase {
  kind: "null";
}
export interface BooleanExpr extends ExprBase {
  kind: "boolean";
  value: boolean;
}
export interface NumberExpr extends ExprBase {
  kind: "number";
  value: string;
}
/** A string with no interpolations; `value` is already unescaped (`$$` → `$`). */
export interface StringExpr extends ExprBase {
  kind: "string";
  value: string;
}
export interface InterpolateExpr extends ExprBase {
  kind: "interpolate";
  parts: TemplatePart[];
}
/** Exactly `${...}` with no surrounding text: evaluates to the referenced value, type kept. */
export interface SymbolExpr extends ExprBase {
  kind: "symbol";
  access: PropertyAccess;
}
export interface ArrayExpr extends ExprBase {
  kind: "array";
  node: ArrayNode | SyntaxNode;
  elements: Expr[];
}
export interface ObjectEntryExpr {
  key: string;
  keyNode: StringNode;
  value: Expr;
}
export interface ObjectExpr extends ExprBase {
  kind: "object";
  node: ObjectNode | SyntaxNode;
  entries: ObjectEntryExpr[];
}
/** Stands in for an argument that failed to parse; evaluates to unknown. */
export interface MissingExpr extends ExprBase {
  kind: "missing";
}

export type BuiltinName =
  | "fn::open"
  | "fn::rotate"
  | "fn::secret"
  | "fn::join"
  | "fn::split"
  | "fn::concat"
  | "fn::toJSON"
  | "fn::fromJSON"
  | "fn::toBase64"
  | "fn::fromBase64"
  | "fn::toString"
  | "fn::final"
  | "fn::validate";

interface BuiltinBase extends ExprBase {
  kind: "builtin";
  /** the key as written, e.g. `fn::open::aws-login` */
  name: string;
  nameNode: StringNode;
  /** the parsed argument as a whole */
  arg: Expr;
}

export interface OpenExpr extends BuiltinBase {
  fn: "fn::open";
  provider: string;
  /** the long form's provider name was missing or not a string literal */
  invalidProvider?: boolean;
  inputs: Expr;
}
export interface RotateExpr extends BuiltinBase {
  fn: "fn::rotate";
  provider: string;
  invalidProvider?: boolean;
  inputs: Expr;
  state?: ObjectExpr;
}
export interface SecretExpr extends BuiltinBase {
  fn: "fn::secret";
  plaintext?: string;
  ciphertext?: string;
}
export interface PairExpr extends BuiltinBase {
  fn: "fn::join" | "fn::split";
  first: Expr;
  second: Expr;
}
export interface ConcatExpr extends BuiltinBase {
  fn: "fn::concat";
  arrays: Expr;
}
export interface UnaryExpr extends BuiltinBase {
  fn: "fn::toJSON" | "fn::fromJSON" | "fn::toBase64" | "fn::fromBase64" | "fn::toString" | "fn::final";
}
export interface ValidateExpr extends BuiltinBase {
  fn: "fn::validate";
  schema: Expr;
  value: Expr;
}

export type BuiltinExpr = OpenExpr | RotateExpr | SecretExpr | PairExpr | ConcatExpr | UnaryExpr | ValidateExpr;

export type Expr =
  | NullExpr
  | BooleanExpr
  | NumberExpr
  | StringExpr
  | InterpolateExpr
  | SymbolExpr
  | ArrayExpr
  | ObjectExpr
  | MissingExpr
  | BuiltinExpr;

export interface ImportDecl {
  name: string;
  node: SyntaxNode;
  merge: boolean;
}

/** A parsed environment document. */
export interface EnvironmentDecl {
  node: SyntaxNode;
  description?: string;
  imports: ImportDecl[];
  /** top-level values; keys are taken raw (no `$$` unescaping), duplicates kept for eval */
  values?: ObjectExpr;
}
