// Declared expressions: the evaluator's per-node state (path, base value, memoised result).

import type { Expr } from "./ast";
import type { Value, Def } from "./value";
import { propertyOf } from "./value";
import { joinIndex, joinKey } from "./path";
import { errorDiag, type Diagnostic, type Range } from "./diagnostics";
import type { PropertyAccess } from "./interpolation";
import type { Schema } from "./schema";

export const enum State {
  Declared,
  Evaluating,
  Done,
}

export class EvalExpr {
  state = State.Declared;
  value?: Value;
  props?: Map<string, EvalExpr>;
  items?: EvalExpr[];
  args: Record<string, EvalExpr> = {};
  /** per `${...}` in this expression: the range of the value each accessor reached */
  accessTraces?: Map<PropertyAccess, (Range | undefined)[]>;
  /** a rotateOnly input left unevaluated outside rotation */
  skipped?: boolean;
  /** the schema a builtin's argument was checked against */
  argSchema?: Schema;
  constructor(
    readonly ast: Expr,
    /** declaration path used in cycle messages; builtin arguments restart at "" */
    readonly path: string,
    readonly env: string,
    readonly base: Value | undefined,
  ) {}

  private _def?: Def;
  get def(): Def {
    return (this._def ??= { env: this.env, range: this.ast.node.range, path: this.ast.node.path });
  }
}

/** Declares an expression tree; duplicate object keys are reported here (first one wins). */
export function declareExpr(ast: Expr, path: string, env: string, base: Value | undefined, diags: Diagnostic[]): EvalExpr {
  const x = new EvalExpr(ast, path, env, base);
  switch (ast.kind) {
    case "array":
      x.items = ast.elements.map((e, i) => declareExpr(e, joinIndex(path, i), env, undefined, diags));
      break;
    case "object":
      x.props = new Map();
      for (const e of ast.entries) {
        if (x.props.has(e.key)) {
          diags.push(errorDiag(`duplicate key "${e.key}"`, e.keyNode.range, e.keyNode.path));
          continue;
        }
        const at = { env, range: e.keyNode.range, path: e.keyNode.path };
        const b = base ? propertyOf(base, e.key, at) : undefined;
        x.props.set(e.key, declareExpr(e.value, joinKey(path, e.key), env, b, diags));
      }
      break;
    case "builtin": {
      const arg = (a: Expr) => declareExpr(a, "", env, undefined, diags);
      switch (ast.fn) {
        case "fn::open":
          x.args.inputs = arg(ast.inputs);
          break;
        case "fn::rotate":
          x.args.inputs = arg(ast.inputs);
          if (ast.state) x.args.state = arg(ast.state);
          break;
        case "fn::join":
        case "fn::split":
          x.args.first = arg(ast.first);
          x.args.second = arg(ast.second);
          break;
        case "fn::concat":
          x.args.arrays = arg(ast.arrays);
          break;
        case "fn::validate":
          x.args.schema = arg(ast.schema);
          x.args.value = arg(ast.value);
          break;
        case "fn::secret":
          break;
        default:
          x.args.arg = arg(ast.arg);
      }
      break;
    }
  }
  return x;
}
