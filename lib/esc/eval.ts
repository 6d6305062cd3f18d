// The evaluator core: environments, imports, lazy memoised expression evaluation, references.
// Semantics follow the reference's eval/eval.go (LANGUAGE.md §4, §5, §7, §9, §12).

import type { EnvironmentDecl, Expr, SymbolExpr } from "./ast";
import { resolveAccess } from "./access";
import { evalBuiltin } from "./builtins";
import { errorDiag, hasErrors, warningDiag, zeroRange, type Diagnostic, type Range } from "./diagnostics";
import { declareExpr, EvalExpr, State } from "./eval-expr";
import { StringTooLong, valueToString } from "./go-text";
import type { PropertyAccess, TemplatePart } from "./interpolation";
import {
  MAX_ENVIRONMENTS_PER_EVALUATION,
  MAX_EVAL_DEPTH,
  MAX_IMPORTS_PER_ENVIRONMENT,
  MAX_STRING_LENGTH,
  MAX_VALUE_NODES,
} from "./limits";
import { loadEnvironment } from "./load";
import { formatPath, joinKey, parsePropertyPath } from "./path";
import { Always, nullSchema, recordOf, tupleOf, type Schema } from "./schema";
import type { Decrypter, EnvironmentLoader, ExecContext, ProviderLoader, RotatorLoader } from "./types";
import type { EscValue } from "./export";
import {
  containsSecret,
  copyValue,
  isMap,
  mergeValue,
  NumberText,
  unknownValue,
  Value,
  valueFromJson,
  type Def,
} from "./value";
import { validateValue } from "./validate";
import { setOwn } from "./own";

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

/** Outcome of one selected rotator during rotateEnvironment. */
export interface Rotation {
  /** document path of the `fn::rotate` mapping, e.g. `values.db` */
  path: string;
  status: "rotated" | "failed" | "not-evaluated";
  error?: string;
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

type EnvCacheEntry = { state: "evaluating" } | { state: "done"; value?: Value; scope?: EnvScope };

class EvalAbort extends Error {}

export class Evaluator {
  readonly diags: Diagnostic[] = [];
  readonly patches: Patch[] = [];
  readonly rotations: Rotation[] = [];
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
    for (const [k, v] of imports) setOwn(importsProps, k, v.schema);
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

  /**
   * Lazy, memoised evaluation with cycle detection. Literals, and objects and arrays made only
   * of them, evaluate synchronously (no promise per node); anything that may wait (references,
   * builtins) returns a promise, and the caller's `await` handles both.
   */
  evaluate(x: EvalExpr, scope: EnvScope): Value | Promise<Value> {
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
    let r: Value | Promise<Value>;
    try {
      r = this.evaluateKind(x, scope);
    } catch (e) {
      this.depth--;
      throw e;
    }
    if (!(r instanceof Promise)) return this.finish(x, r);
    return r.then(
      (v) => this.finish(x, v),
      (e) => {
        this.depth--;
        throw e;
      },
    );
  }

  private finish(x: EvalExpr, v: Value): Value {
    this.depth--;
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

  private evaluateKind(x: EvalExpr, scope: EnvScope): Value | Promise<Value> {
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
      case "interpolate":
        return this.interpolate(x, ast.parts, scope);
      case "symbol":
        return this.symbol(x, (ast as SymbolExpr).access, scope);
      case "array":
        return this.evaluateItems(x, scope, x.items!, 0, []);
      case "object":
        return this.evaluateProps(x, scope, [...x.props!.keys()].sort(), 0, new Map(), {});
      case "builtin":
        return this.builtin(x, scope);
    }
  }

  private async interpolate(x: EvalExpr, parts: TemplatePart[], scope: EnvScope): Promise<Value> {
    let s = "";
    let unknown = false;
    let secret = false;
    for (const part of parts) {
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

  private async symbol(x: EvalExpr, access: PropertyAccess, scope: EnvScope): Promise<Value> {
    const target = await this.resolveAccess(x, access, scope);
    if (!this.chargeCopy(target, x)) return unknownValue(Always, x.def);
    const v = copyValue(target);
    v.def = x.def;
    mergeValue(v, x.base);
    return v;
  }

  private async builtin(x: EvalExpr, scope: EnvScope): Promise<Value> {
    const v = await evalBuiltin(this, x, scope);
    if (x.base) mergeValue(v, x.base);
    return v;
  }

  /** Array elements from `from` on, in order; synchronous until an element has to wait. */
  private evaluateItems(x: EvalExpr, scope: EnvScope, exprs: EvalExpr[], from: number, items: Value[]): Value | Promise<Value> {
    for (let i = from; i < exprs.length; i++) {
      const r = this.evaluate(exprs[i], scope);
      if (r instanceof Promise) {
        return r.then((v) => {
          items.push(v);
          return this.evaluateItems(x, scope, exprs, i + 1, items);
        });
      }
      items.push(r);
    }
    const v = new Value(items, tupleOf(items.map((i) => i.schema)), x.def);
    v.base = x.base;
    return v;
  }

  /** Object properties in key order from `from` on; synchronous until a property has to wait. */
  private evaluateProps(
    x: EvalExpr,
    scope: EnvScope,
    keys: string[],
    from: number,
    m: Map<string, Value>,
    props: Record<string, Schema>,
  ): Value | Promise<Value> {
    for (let i = from; i < keys.length; i++) {
      const k = keys[i];
      const r = this.evaluate(x.props!.get(k)!, scope);
      if (r instanceof Promise) {
        return r.then((cv) => {
          m.set(k, cv);
          setOwn(props, k, cv.schema);
          return this.evaluateProps(x, scope, keys, i + 1, m, props);
        });
      }
      m.set(k, r);
      setOwn(props, k, r.schema);
    }
    const v = new Value(m, recordOf(props), x.def);
    v.base = x.base;
    return v;
  }

  /** Checks a value against `schema`, reporting failures; true when it conforms. */
  check(value: Value, schema: Schema): boolean {
    return validateValue(value, schema, schema, (summary, def) => this.error(summary, def.range, def.path));
  }

  /** Evaluates `x` and checks it against `schema`; `ok` is false when the check failed. */
  async evaluateTyped(x: EvalExpr, schema: Schema, scope: EnvScope): Promise<{ value: Value; ok: boolean }> {
    const value = await this.evaluate(x, scope);
    const ok = validateValue(value, schema, schema, (summary, def) => this.error(summary, def.range, def.path));
    return { value, ok };
  }

  /** Resolves `${...}` from expression `x` in `scope` (see access.ts). */
  resolveAccess(x: EvalExpr, access: PropertyAccess, scope: EnvScope): Promise<Value> {
    return resolveAccess(this, x, access, scope);
  }

  /** Whether a rotator at this document path is selected for rotation. */
  isSelectedForRotation(docPath: string): boolean {
    const paths = this.opts.rotatePaths;
    if (!paths || paths.length === 0) return true;
    return paths.some((p) => "values." + p === docPath || joinKey("values", p) === docPath || rotatePathMatches(p, docPath));
  }
}


function rotatePathMatches(p: string, docPath: string): boolean {
  const segs = parsePropertyPath(p);
  return segs !== undefined && formatPath(segs, "values") === docPath;
}


export { EvalAbort };
