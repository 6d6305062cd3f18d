// The root document's expressions as JSON (the reference's esc.Expr): ranges, final schemas,
// and the structure editors need for hovers and go-to-definition.

import type { EvalExpr } from "./eval-expr";
import { escRange, type EscRange } from "./export";
import type { Schema } from "./schema";

export interface ExprJson {
  range: EscRange;
  schema?: Schema;
  [k: string]: unknown;
}

export function exportExprs(root: EvalExpr, env: string): Record<string, ExprJson> {
  const out: Record<string, ExprJson> = {};
  for (const [k, x] of root.props ?? []) out[k] = exportExpr(x, env);
  return out;
}

function exportExpr(x: EvalExpr, env: string): ExprJson {
  return { range: escRange(x.ast.node.range, env), schema: x.value?.schema ?? true };
}
