// Reference resolution: `${...}` accessors over object/array literals (lazy descent), values,
// unknowns (through their schemas), imports, context and inline environment references
// (LANGUAGE.md §5). Records, per accessor, the range of what it reached (for editors).

import type { EnvScope, Evaluator } from "./eval";
import type { EvalExpr } from "./eval-expr";
import type { Range } from "./diagnostics";
import type { Accessor, PropertyAccess } from "./interpolation";
import { Always, resolveRef, schemaItem, schemaProperty, type Schema } from "./schema";
import { nearest } from "./spell";
import { isMap, isObjectLike, keysOf, propertyOf, unknownValue, type Value } from "./value";

/** Per accessor: the range of the value it reached (undefined: a zero range). */
type Trace = (Range | undefined)[];

function accessError(
  ev: Evaluator,
  x: EvalExpr,
  acc: Accessor | undefined,
  msg: string,
  trace?: Trace,
  from = 0,
): Value {
  ev.error(msg, acc?.range ?? x.ast.node.range, x.ast.node.path);
  if (trace) for (let i = from; i < trace.length; i++) trace[i] = x.ast.node.range;
  return unknownValue(Always, x.def);
}

/** Resolves `${...}` from expression `x` in `scope` (LANGUAGE.md §5). */
export async function resolveAccess(
  ev: Evaluator,
  x: EvalExpr,
  access: PropertyAccess,
  scope: EnvScope,
): Promise<Value> {
  const accs = access.accessors;
  const trace: Trace = new Array(accs.length).fill(undefined);
  (x.accessTraces ??= new Map()).set(access, trace);
  const first = accs[0];
  const firstKey = first.kind === "name" ? first.name : first.kind === "key" ? first.key : undefined;
  if (firstKey === "imports" || firstKey === "context") {
    const v = firstKey === "imports" ? scope.importsValue : scope.ctxValue;
    trace[0] = v.def.range;
    return navigate(ev, x, v, accs, 1, trace);
  }
  if (firstKey === "environments") return resolveInline(ev, x, accs, trace);
  let recv = scope.root;
  for (let i = 0; i < accs.length; i++) {
    const acc = accs[i];
    const ast = recv.ast;
    if (ast.kind === "object") {
      if (acc.kind === "index") {
        return accessError(ev, x, acc, "cannot access an object property using an integer index", trace, i);
      }
      const key = acc.kind === "name" ? acc.name : acc.key;
      const child = recv.props!.get(key);
      if (child) {
        recv = child;
        trace[i] = child.ast.node.range;
        continue;
      }
      if (isObjectLike(recv.base)) return navigate(ev, x, recv.base!, accs, i, trace);
      return accessError(ev, x, acc, unknownPropertyMessage(key, recv.props!.keys()), trace, i);
    }
    if (ast.kind === "array") {
      if (acc.kind !== "index") {
        return accessError(ev, x, acc, "cannot access an array element using a property name", trace, i);
      }
      const items = recv.items!;
      if (acc.index < 0) return accessError(ev, x, acc, "array indices must not be negative", trace, i);
      if (acc.index >= items.length) {
        const msg = `array index ${acc.index} out-of-bounds for array of length ${items.length}`;
        return accessError(ev, x, acc, msg, trace, i);
      }
      recv = items[acc.index];
      trace[i] = recv.ast.node.range;
      continue;
    }
    const v = await ev.evaluate(recv, scope);
    return navigate(ev, x, v, accs, i, trace);
  }
  return ev.evaluate(recv, scope);
}

async function resolveInline(ev: Evaluator, x: EvalExpr, accs: Accessor[], trace: Trace): Promise<Value> {
  trace[0] = x.ast.node.range;
  if (accs.length > 1) trace[1] = x.ast.node.range;
  if (accs.length < 3) return unknownValue(Always, x.def);
  const seg = (a: Accessor) => (a.kind === "name" ? a.name : a.kind === "key" ? a.key : String(a.index));
  const name = `${seg(accs[1])}/${seg(accs[2])}`;
  const v = await ev.loadAndEvaluate(name, x.ast.node.range, x.ast.node.path);
  if (!v) {
    for (let i = 3; i < accs.length; i++) trace[i] = x.ast.node.range;
    return unknownValue(Always, x.def);
  }
  trace[2] = v.def.range;
  return navigate(ev, x, v, accs, 3, trace);
}

/** Value-level navigation, including through the schema of unknown values. */
export function navigate(
  ev: Evaluator,
  x: EvalExpr,
  start: Value,
  accs: Accessor[],
  from: number,
  trace?: Trace,
): Value {
  let v = start;
  for (let i = from; i < accs.length; i++) {
    const acc = accs[i];
    const fail = (msg: string) => accessError(ev, x, acc, msg, trace, i);
    if (v.unknown) {
      const s = resolveRef(v.schema, v.schema);
      if (s === true) {
        if (trace) for (let j = i; j < accs.length; j++) trace[j] = x.ast.node.range;
        return unknownValue(Always, x.def);
      }
      if (s === false || !s.type || (s.type !== "object" && s.type !== "array")) {
        return fail("receiver must be an array or an object");
      }
      let next: Schema;
      if (s.type === "object") {
        if (acc.kind === "index") return fail("cannot access an object property using an integer index");
        next = schemaProperty(s, acc.kind === "name" ? acc.name : acc.key);
      } else {
        if (acc.kind !== "index") return fail("cannot access an array element using a property name");
        if (acc.index < 0) return fail("array indices must not be negative");
        if (s.prefixItems && s.items === false && acc.index >= s.prefixItems.length) {
          return fail(`array index ${acc.index} out-of-bounds for array of length ${s.prefixItems.length}`);
        }
        next = schemaItem(s, acc.index);
      }
      const u = unknownValue(next, x.def);
      u.secret = v.secret;
      v = u;
      if (trace) trace[i] = x.ast.node.range;
      continue;
    }
    const r = v.repr;
    if (isMap(r)) {
      if (acc.kind === "index") return fail("cannot access an object property using an integer index");
      const key = acc.kind === "name" ? acc.name : acc.key;
      const p = propertyOf(v, key);
      if (!p) return fail(unknownPropertyMessage(key, keysOf(v)));
      v = p;
    } else if (Array.isArray(r)) {
      if (acc.kind !== "index") return fail("cannot access an array element using a property name");
      if (acc.index < 0) return fail("array indices must not be negative");
      if (acc.index >= r.length) return fail(`array index ${acc.index} out-of-bounds for array of length ${r.length}`);
      v = r[acc.index];
    } else {
      return fail("receiver must be an array or an object");
    }
    if (trace) trace[i] = v.unknown && !v.expr ? x.ast.node.range : v.def.range;
  }
  return v;
}

function unknownPropertyMessage(key: string, candidates: Iterable<string>): string {
  const near = nearest(key, candidates);
  return near !== undefined ? `unknown property "${key}"; did you mean "${near}"?` : `unknown property "${key}"`;
}
