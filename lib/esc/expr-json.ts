// The root document's expressions as JSON (the reference's esc.Expr): ranges, final schemas,
// base expressions from imports, per-accessor resolution ranges and builtin argument schemas.
// Editors use it for hovers, go-to-definition and completion.

import type { Expr, ObjectExpr } from "./ast";
import { zeroRange, type Range } from "./diagnostics";
import type { EvalExpr } from "./eval-expr";
import { escRange, type EscRange } from "./export";
import type { Accessor, PropertyAccess } from "./interpolation";
import type { Schema } from "./schema";
import { mergedSchemaOf } from "./value";
import { setOwn } from "./own";

export interface ExprJson {
  range: EscRange;
  schema?: Schema;
  base?: ExprJson;
  [k: string]: unknown;
}

const MAX_DEPTH = 512;

export function exportExprs(root: EvalExpr, env: string): Record<string, ExprJson> | undefined {
  if (!root.props?.size) return undefined;
  const out: Record<string, ExprJson> = {};
  for (const [k, x] of root.props) setOwn(out, k, exportExpr(x, env, 0));
  return out;
}

/** A range as exported; zero ranges are attributed to the exporting environment. */
function rangeOf(r: Range | undefined, env: string): EscRange {
  if (!r || r.start.line === 0) return escRange(zeroRange(env), env);
  return escRange(r, env);
}

const noEnvZero = (): EscRange => ({ begin: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } });

function accessorsJson(access: PropertyAccess, trace: (Range | undefined)[] | undefined, env: string): unknown[] {
  return access.accessors.map((a: Accessor, i) => {
    const j: Record<string, unknown> = a.kind === "index" ? { index: a.index } : { key: a.kind === "name" ? a.name : a.key };
    j.range = rangeOf(a.range, env);
    // an access that never ran (a skipped rotateOnly input) has no locations at all
    j.value = trace ? rangeOf(trace[i], env) : noEnvZero();
    return j;
  });
}

/** JSON of an expression that was declared (and usually evaluated). */
export function exportExpr(x: EvalExpr, env: string, depth: number): ExprJson {
  const ast = x.ast;
  const out: ExprJson = { range: rangeOf(ast.node.range, env) };
  if (ast.kind === "missing") return { range: rangeOf(undefined, env), schema: true };
  if (depth > MAX_DEPTH) return out;
  const v = x.skipped ? undefined : x.value;
  if (v) out.schema = mergedSchemaOf(v);
  else if (ast.kind === "null" || ast.kind === "boolean" || ast.kind === "number" || ast.kind === "string") {
    // never evaluated (e.g. under a final value): the declared literal schema
    out.schema = astJson(ast, env, true).schema;
  } else if (x.skipped) out.schema = ast.kind === "interpolate" ? { type: "string" } : true;
  const baseExpr = x.base?.expr;
  const synth = x.base?.synth;
  if (baseExpr && baseExpr !== x) out.base = exportExpr(baseExpr, baseExpr.env, depth + 1);
  else if (x.base && synth) {
    // a property looked up in an unknown base: the reference shows it as an access expression
    out.base = {
      range: rangeOf(synth.range, x.base.def.env),
      schema: false,
      access: {
        receiver: rangeOf(synth.receiver.range, synth.receiver.env),
        accessors: synth.accessors.map((key) => ({ key, range: rangeOf(undefined, env) })),
      },
    };
  }
  switch (ast.kind) {
    case "boolean":
    case "string":
      out.literal = ast.value;
      break;
    case "number":
      out.literal = Number(ast.value);
      break;
    case "interpolate":
      out.interpolate = ast.parts.map((p) => {
        const j: Record<string, unknown> = {};
        if (p.text !== "") j.text = p.text;
        if (p.access) j.value = accessorsJson(p.access, x.accessTraces?.get(p.access), env);
        return j;
      });
      break;
    case "symbol":
      out.symbol = accessorsJson(ast.access, x.accessTraces?.get(ast.access), env);
      break;
    case "array":
      if (x.items?.length) out.list = x.items.map((i) => exportExpr(i, env, depth + 1));
      break;
    case "object":
      objectJson(out, ast, x.props, env, depth);
      break;
    case "builtin":
      out.builtin = builtinJson(x, env, depth);
      break;
  }
  return out;
}

function objectJson(out: ExprJson, ast: ObjectExpr, props: Map<string, EvalExpr> | undefined, env: string, depth: number) {
  if (!props?.size) return;
  const keyRanges: Record<string, EscRange> = {};
  // a repeated key reports the last occurrence's range, as the reference's map does
  for (const e of ast.entries) if (props.has(e.key)) setOwn(keyRanges, e.key, rangeOf(e.keyNode.range, env));
  out.keyRanges = keyRanges;
  const o: Record<string, ExprJson> = {};
  for (const [k, c] of props) setOwn(o, k, exportExpr(c, env, depth + 1));
  out.object = o;
}

/** JSON of an expression that was never declared (e.g. `fn::secret` arguments). */
function astJson(ast: Expr, env: string, withSchema: boolean): ExprJson {
  const out: ExprJson = { range: rangeOf(ast.node.range, env) };
  switch (ast.kind) {
    case "null":
      if (withSchema) out.schema = { type: "null" };
      break;
    case "boolean":
      if (withSchema) out.schema = { type: "boolean", const: ast.value };
      out.literal = ast.value;
      break;
    case "number":
      if (withSchema) out.schema = { type: "number", const: Number(ast.value) };
      out.literal = Number(ast.value);
      break;
    case "string":
      if (withSchema) out.schema = { type: "string", const: ast.value };
      out.literal = ast.value;
      break;
    case "object": {
      const o: Record<string, ExprJson> = {};
      for (const e of ast.entries) setOwn(o, e.key, astJson(e.value, env, withSchema));
      if (ast.entries.length) out.object = o;
      break;
    }
    case "array":
      if (ast.elements.length) out.list = ast.elements.map((e) => astJson(e, env, withSchema));
      break;
  }
  return out;
}

function builtinJson(x: EvalExpr, env: string, depth: number): Record<string, unknown> {
  const ast = x.ast;
  if (ast.kind !== "builtin") return {};
  const out: Record<string, unknown> = {
    name: ast.name,
    nameRange: rangeOf(ast.nameNode.range, env),
    argSchema: x.argSchema ?? true,
  };
  const sub = (e: EvalExpr | undefined) => (e ? exportExpr(e, env, depth + 1) : undefined);
  switch (ast.fn) {
    case "fn::open":
    case "fn::rotate": {
      const long = ast.name === "fn::open" || ast.name === "fn::rotate";
      if (!long && ast.fn === "fn::open") {
        out.arg = sub(x.args.inputs);
        break;
      }
      const o: Record<string, unknown> = { inputs: sub(x.args.inputs) };
      if (long) {
        const p = ast.arg.kind === "object" ? ast.arg.entries.find((e) => e.key === "provider") : undefined;
        o.provider =
          p && p.value.kind === "string" ? astJson(p.value, env, true) : { range: rangeOf(undefined, env), schema: true };
      }
      if (ast.fn === "fn::rotate") {
        o.state = x.args.state ? sub(x.args.state) : { range: rangeOf(undefined, env), schema: { type: "null" } };
      }
      out.arg = { range: noEnvZero(), object: o };
      break;
    }
    case "fn::secret":
      if (ast.plaintext !== undefined && ast.arg.kind !== "string") {
        out.arg = { range: rangeOf(undefined, env), schema: { type: "string", const: "" }, literal: "" };
      } else {
        out.arg = astJson(ast.arg, env, ast.ciphertext === undefined);
        if (ast.ciphertext !== undefined && ast.arg.kind === "object") {
          (out.arg as ExprJson).object = { ciphertext: astJson(ast.arg.entries[0].value, env, true) };
        }
      }
      break;
    case "fn::join":
    case "fn::split":
      if (ast.first.kind === "missing") {
        const missing = { range: rangeOf(undefined, env), schema: true };
        out.arg = { range: rangeOf(ast.arg.node.range, env), list: [missing, missing] };
      } else out.arg = { range: rangeOf(ast.arg.node.range, env), list: [sub(x.args.first), sub(x.args.second)] };
      break;
    case "fn::concat":
      out.arg = sub(x.args.arrays);
      break;
    case "fn::validate":
      out.arg = { range: rangeOf(ast.arg.node.range, env), object: { schema: sub(x.args.schema), value: sub(x.args.value) } };
      break;
    default:
      out.arg = sub(x.args.arg);
  }
  return out;
}

