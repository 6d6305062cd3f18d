// The evaluator core: environments, imports, lazy memoised expression evaluation, references.
// Semantics follow the reference's eval/eval.go (LANGUAGE.md §4, §5, §7, §9, §12).

import type { EnvironmentDecl, Expr, SymbolExpr } from "./ast";
import { evalBuiltin } from "./builtins";
import { errorDiag, hasErrors, warningDiag, zeroRange, type Diagnostic, type Range } from "./diagnostics";
import { declareExpr, EvalExpr, State } from "./eval-expr";
import { StringTooLong, valueToString } from "./go-text";
import type { Accessor, PropertyAccess } from "./interpolation";
import {
  MAX_ENVIRONMENTS_PER_EVALUATION,
  MAX_EVAL_DEPTH,
  MAX_IMPORTS_PER_ENVIRONMENT,
  MAX_STRING_LENGTH,
  MAX_VALUE_NODES,
} from "./limits";
import { loadEnvironment } from "./load";
import { joinKey } from "./path";
import { Always, nullSchema, recordOf, resolveRef, schemaItem, schemaProperty, tupleOf, type Schema } from "./schema";
import { nearest } from "./spell";
import type { Decrypter, EnvironmentLoader, ExecContext, ProviderLoader, RotatorLoader } from "./types";
import type { EscValue } from "./export";
import {
  containsSecret,
  copyValue,
  isMap,
  isObjectLike,
  keysOf,
  mergeValue,
  NumberText,
  propertyOf,
  unknownValue,
  Value,
  valueFromJson,
  type Def,
} from "./value";
import { validateValue } from "./validate";

export type Mode = "check" | "open" | "rotate";

export interface EvaluatorOptions {
  mode: Mode;
  rootName: string;
  decrypter?: Decrypter;
  providers?: ProviderLoader;
  rotators?: RotatorLoader;
  environments?: EnvironmentLoader;
  context?: ExecContext;
  showSecrets?: boolean;
  /** property paths relative to `values`; empty/undefined rotates every rotator */
  rotatePaths?: string[];
  signal?: AbortSignal;
}

export interface Patch {
  docPath: string;
  replacement: EscValue;
}

/** Per-environment evaluation state. */
export class EnvScope {
  root!: EvalExpr;
  base?: Value;
  ctxValue!: Value;
  importsValue!: Value;
  constructor(
    readonly name: string,
    readonly decl: EnvironmentDecl,
    readonly decrypter: Decrypter | undefined,
    readonly isRoot: boolean,
  ) {}
}

/** Per accessor: the range of the value it reached (undefined: a zero range). */
type Trace = (Range | undefined)[];

type EnvCacheEntry = { state: "evaluating" } | { state: "done"; value?: Value; scope?: EnvScope };

class EvalAbort extends Error {}

export class Evaluator {
  readonly diags: Diagnostic[] = [];
  readonly patches: Patch[] = [];
  readonly envs = new Map<string, EnvCacheEntry>();
  private depth = 0;
  private loaded = 0;
  private nodeBudget = MAX_VALUE_NODES;
  constructor(readonly opts: EvaluatorOptions) {}

  get mode(): Mode {
    return this.opts.mode;
  }

  error(summary: string, range: Range | undefined, path: string | undefined): void {
    this.diags.push(errorDiag(summary, range, path));
  }

  /**
   * Charges the copy of `v` against the evaluation's node budget; false (with a diagnostic)
   * when the budget is exhausted, so exponential reference fan-out stays bounded.
   */
  chargeCopy(v: Value, x: EvalExpr): boolean {
    const stack: Value[] = [v];
    let n = 0;
    while (stack.length) {
      const cur = stack.pop()!;
      if (++n > this.nodeBudget) break;
      if (cur.base) stack.push(cur.base);
      if (Array.isArray(cur.repr)) stack.push(...cur.repr);
      else if (isMap(cur.repr)) for (const c of cur.repr.values()) stack.push(c);
    }
    if (n > this.nodeBudget) {
      this.nodeBudget = 0;
      this.error(`evaluation exceeds the maximum value size of ${MAX_VALUE_NODES} nodes`, x.ast.node.range, x.ast.node.path);
      return false;
    }
    this.nodeBudget -= n;
    return true;
  }

  /** False (with a diagnostic) when a produced string is longer than MAX_STRING_LENGTH. */
  checkStringSize(s: string, x: EvalExpr): boolean {
    if (s.length <= MAX_STRING_LENGTH) return true;
    this.error(`string exceeds the maximum length of ${MAX_STRING_LENGTH}`, x.ast.node.range, x.ast.node.path);
    return false;
  }

  /** Runs a string rendering, turning StringTooLong into a diagnostic (undefined result). */
  render(fn: () => string, x: EvalExpr): string | undefined {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof StringTooLong)) throw e;
      this.error(e.message, x.ast.node.range, x.ast.node.path);
      return undefined;
    }
  }

  /** Evaluates the root environment; returns its scope (root value in `scope.root.value`). */
  async evaluateRoot(decl: EnvironmentDecl): Promise<EnvScope> {
    const scope = new EnvScope(this.opts.rootName, decl, this.opts.decrypter, true);
    this.envs.set(scope.name, { state: "evaluating" });
    await this.evaluateScope(scope);
    this.envs.set(scope.name, { state: "done", value: scope.root.value, scope });
    return scope;
  }

  contextJson(envName: string): Record<string, unknown> {
    const anonymous = this.opts.rootName === "" || this.opts.rootName === "<yaml>";
    return {
      ...(this.opts.context ?? {}),
      currentEnvironment: { name: envName },
      rootEnvironment: { name: anonymous ? envName : this.opts.rootName },
    };
  }

  private async evaluateScope(scope: EnvScope): Promise<void> {
    const zero: Def = { env: scope.name, range: zeroRange(scope.name), path: "" };
    scope.ctxValue = valueFromJson(this.contextJson(scope.name), zero);
    const imports = new Map<string, Value>();
    let base: Value | undefined;
    const decl = scope.decl;
    if (decl.imports.length > MAX_IMPORTS_PER_ENVIRONMENT) {
      this.error(`too many imports (limit ${MAX_IMPORTS_PER_ENVIRONMENT})`, decl.imports[0].node.range, "imports");
    }
    for (const imp of decl.imports.slice(0, MAX_IMPORTS_PER_ENVIRONMENT)) {
      const v = await this.loadAndEvaluate(imp.name, imp.node.range, imp.node.path);
      if (!v) continue;
      imports.set(imp.name, v);
      if (imp.merge) {
        const val = copyValue(v);
        mergeValue(val, base);
        base = val;
      }
    }
    const importsProps: Record<string, Schema> = {};
    for (const [k, v] of imports) importsProps[k] = v.schema;
    scope.importsValue = new Value(imports, recordOf(importsProps), zero);
    scope.base = base;
    const rootAst: Expr = decl.values ?? { kind: "object", node: decl.node, entries: [] };
    const entries = rootAst.kind === "object" ? rootAst.entries : [];
    const kept = entries.filter((e) => {
      if (e.key === "imports" || e.key === "context" || e.key === "environments") {
        this.error(`"${e.key}" is a reserved key`, e.keyNode.range, e.keyNode.path);
        return false;
      }
      return true;
    });
    scope.root = declareExpr({ ...rootAst, kind: "object", entries: kept } as Expr, "", scope.name, base, this.diags);
    const rootValue = await this.evaluate(scope.root, scope);
    // an environment's root object has no location of its own
    rootValue.def = zero;
  }

  /** Loads, parses and evaluates an imported/referenced environment once per evaluation. */
  async loadAndEvaluate(name: string, range: Range | undefined, path: string): Promise<Value | undefined> {
    const cached = this.envs.get(name);
    if (cached) {
      if (cached.state === "evaluating") {
        this.error(`cyclic import of ${name}`, range, path);
        return undefined;
      }
      return cached.value;
    }
    if (++this.loaded > MAX_ENVIRONMENTS_PER_EVALUATION) {
      this.error(`too many environments loaded (limit ${MAX_ENVIRONMENTS_PER_EVALUATION})`, range, path);
      return undefined;
    }
    this.envs.set(name, { state: "evaluating" });
    const loader = this.opts.environments;
    let loaded;
    try {
      loaded = loader ? await loader.load(name) : { error: `unknown environment "${name}"` };
    } catch (e) {
      loaded = { error: e instanceof Error ? e.message : String(e) };
    }
    if (loaded.error !== undefined) {
      this.error(loaded.error, range, path);
      this.envs.set(name, { state: "done" });
      return undefined;
    }
    const text = "text" in loaded ? loaded.text : new TextDecoder().decode(loaded.bytes);
    const { env, diagnostics } = loadEnvironment(name, text);
    this.diags.push(...diagnostics);
    if (!env || hasErrors(diagnostics)) {
      this.envs.set(name, { state: "done" });
      return undefined;
    }
    const scope = new EnvScope(name, env, loaded.decrypter, false);
    await this.evaluateScope(scope);
    this.envs.set(name, { state: "done", value: scope.root.value, scope });
    return scope.root.value;
  }

  /** Lazy, memoised evaluation with cycle detection. */
  async evaluate(x: EvalExpr, scope: EnvScope): Promise<Value> {
    if (x.state === State.Done) return x.value!;
    if (x.state === State.Evaluating) {
      this.error(`cyclic reference to ${x.path}`, x.ast.node.range, x.ast.node.path);
      return unknownValue(Always, x.def);
    }
    if (x.base?.final) {
      this.diags.push(warningDiag("cannot override final value", x.ast.node.range, x.ast.node.path));
      x.value = x.base;
      x.state = State.Done;
      return x.value;
    }
    if (this.opts.signal?.aborted) throw new EvalAbort("evaluation aborted");
    if (this.depth >= MAX_EVAL_DEPTH) {
      this.error(`evaluation exceeds the maximum depth of ${MAX_EVAL_DEPTH}`, x.ast.node.range, x.ast.node.path);
      return unknownValue(Always, x.def);
    }
    x.state = State.Evaluating;
    this.depth++;
    let v: Value;
    try {
      v = await this.evaluateKind(x, scope);
    } finally {
      this.depth--;
    }
    v.expr = x;
    x.value = v;
    x.state = State.Done;
    return v;
  }

  private literal(x: EvalExpr, repr: null | boolean | NumberText | string, schema: Schema): Value {
    const v = new Value(repr, schema, x.def);
    v.base = x.base;
    return v;
  }

  private async evaluateKind(x: EvalExpr, scope: EnvScope): Promise<Value> {
    const ast = x.ast;
    switch (ast.kind) {
      case "null":
        return this.literal(x, null, nullSchema());
      case "boolean":
        return this.literal(x, ast.value, { type: "boolean", const: ast.value });
      case "number":
        return this.literal(x, new NumberText(ast.value), { type: "number", const: Number(ast.value) });
      case "string":
        return this.literal(x, ast.value, { type: "string", const: ast.value });
      case "missing":
        return unknownValue(Always, x.def);
      case "interpolate": {
        let s = "";
        let unknown = false;
        let secret = false;
        for (const part of ast.parts) {
          s += part.text;
          if (!part.access) continue;
          const v = await this.resolveAccess(x, part.access, scope);
          if (v.unknown) unknown = true;
          if (containsSecret(v)) secret = true;
          s += this.render(() => valueToString(v), x) ?? "";
          if (!this.checkStringSize(s, x)) return unknownValue({ type: "string" }, x.def);
        }
        const v = this.literal(x, unknown ? "[unknown]" : s, { type: "string" });
        v.unknown = unknown;
        v.secret = secret;
        return v;
      }
      case "symbol": {
        const target = await this.resolveAccess(x, (ast as SymbolExpr).access, scope);
        if (!this.chargeCopy(target, x)) return unknownValue(Always, x.def);
        const v = copyValue(target);
        v.def = x.def;
        mergeValue(v, x.base);
        return v;
      }
      case "array": {
        const items: Value[] = [];
        for (const item of x.items!) items.push(await this.evaluate(item, scope));
        const v = new Value(items, tupleOf(items.map((i) => i.schema)), x.def);
        v.base = x.base;
        return v;
      }
      case "object": {
        const m = new Map<string, Value>();
        const props: Record<string, Schema> = {};
        for (const k of [...x.props!.keys()].sort()) {
          const cv = await this.evaluate(x.props!.get(k)!, scope);
          m.set(k, cv);
          props[k] = cv.schema;
        }
        const v = new Value(m, recordOf(props), x.def);
        v.base = x.base;
        return v;
      }
      case "builtin": {
        const v = await evalBuiltin(this, x, scope);
        if (x.base) mergeValue(v, x.base);
        return v;
      }
    }
  }

  /** Evaluates `x` and checks it against `schema`; `ok` is false when the check failed. */
  async evaluateTyped(x: EvalExpr, schema: Schema, scope: EnvScope): Promise<{ value: Value; ok: boolean }> {
    const value = await this.evaluate(x, scope);
    const ok = validateValue(value, schema, schema, (summary, def) => this.error(summary, def.range, def.path));
    return { value, ok };
  }

  private accessError(x: EvalExpr, acc: Accessor | undefined, msg: string, trace?: Trace, from = 0): Value {
    this.error(msg, acc?.range ?? x.ast.node.range, x.ast.node.path);
    if (trace) for (let i = from; i < trace.length; i++) trace[i] = x.ast.node.range;
    return unknownValue(Always, x.def);
  }

  /** Resolves `${...}` from expression `x` in `scope` (LANGUAGE.md §5). */
  async resolveAccess(x: EvalExpr, access: PropertyAccess, scope: EnvScope): Promise<Value> {
    const accs = access.accessors;
    const trace: Trace = new Array(accs.length).fill(undefined);
    (x.accessTraces ??= new Map()).set(access, trace);
    const first = accs[0];
    const firstKey = first.kind === "name" ? first.name : first.kind === "key" ? first.key : undefined;
    if (firstKey === "imports" || firstKey === "context") {
      const v = firstKey === "imports" ? scope.importsValue : scope.ctxValue;
      trace[0] = v.def.range;
      return this.navigate(x, v, accs, 1, trace);
    }
    if (firstKey === "environments") return this.resolveInline(x, accs, trace);
    let recv = scope.root;
    for (let i = 0; i < accs.length; i++) {
      const acc = accs[i];
      const ast = recv.ast;
      if (ast.kind === "object") {
        if (acc.kind === "index") {
          return this.accessError(x, acc, "cannot access an object property using an integer index", trace, i);
        }
        const key = acc.kind === "name" ? acc.name : acc.key;
        const child = recv.props!.get(key);
        if (child) {
          recv = child;
          trace[i] = child.ast.node.range;
          continue;
        }
        if (isObjectLike(recv.base)) return this.navigate(x, recv.base!, accs, i, trace);
        return this.accessError(x, acc, unknownPropertyMessage(key, recv.props!.keys()), trace, i);
      }
      if (ast.kind === "array") {
        if (acc.kind !== "index") {
          return this.accessError(x, acc, "cannot access an array element using a property name", trace, i);
        }
        const items = recv.items!;
        if (acc.index < 0) return this.accessError(x, acc, "array indices must not be negative", trace, i);
        if (acc.index >= items.length) {
          const msg = `array index ${acc.index} out-of-bounds for array of length ${items.length}`;
          return this.accessError(x, acc, msg, trace, i);
        }
        recv = items[acc.index];
        trace[i] = recv.ast.node.range;
        continue;
      }
      const v = await this.evaluate(recv, scope);
      return this.navigate(x, v, accs, i, trace);
    }
    return this.evaluate(recv, scope);
  }

  private async resolveInline(x: EvalExpr, accs: Accessor[], trace: Trace): Promise<Value> {
    trace[0] = x.ast.node.range;
    if (accs.length > 1) trace[1] = x.ast.node.range;
    if (accs.length < 3) return unknownValue(Always, x.def);
    const seg = (a: Accessor) => (a.kind === "name" ? a.name : a.kind === "key" ? a.key : String(a.index));
    const name = `${seg(accs[1])}/${seg(accs[2])}`;
    const v = await this.loadAndEvaluate(name, x.ast.node.range, x.ast.node.path);
    if (!v) {
      for (let i = 3; i < accs.length; i++) trace[i] = x.ast.node.range;
      return unknownValue(Always, x.def);
    }
    trace[2] = v.def.range;
    return this.navigate(x, v, accs, 3, trace);
  }

  /** Value-level navigation, including through the schema of unknown values. */
  navigate(x: EvalExpr, start: Value, accs: Accessor[], from: number, trace?: Trace): Value {
    let v = start;
    for (let i = from; i < accs.length; i++) {
      const acc = accs[i];
      const fail = (msg: string) => this.accessError(x, acc, msg, trace, i);
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

  /** Whether a rotator at this document path is selected for rotation. */
  isSelectedForRotation(docPath: string): boolean {
    const paths = this.opts.rotatePaths;
    if (!paths || paths.length === 0) return true;
    return paths.some((p) => "values." + p === docPath || joinKey("values", p) === docPath || rotatePathMatches(p, docPath));
  }
}

import { formatPath, parsePropertyPath } from "./path";

function rotatePathMatches(p: string, docPath: string): boolean {
  const segs = parsePropertyPath(p);
  return segs !== undefined && formatPath(segs, "values") === docPath;
}

function unknownPropertyMessage(key: string, candidates: Iterable<string>): string {
  const near = nearest(key, candidates);
  return near !== undefined ? `unknown property "${key}"; did you mean "${near}"?` : `unknown property "${key}"`;
}

export { EvalAbort };
