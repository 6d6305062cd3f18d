// Top-level evaluation entry points and the result shape (the reference's esc.Environment).

import type { EnvironmentDecl } from "./ast";
import { errorDiag, type Diagnostic } from "./diagnostics";
import { EvalAbort, Evaluator, type Mode, type Patch, type Rotation } from "./eval";
import { exportExprs, type ExprJson } from "./expr-json";
import { exportValue, type EscValue } from "./export";
import { internalMessage } from "./load";
import type { Schema } from "./schema";
import type { Decrypter, EnvironmentLoader, ExecContext, ProviderLoader, RotatorLoader } from "./types";
import { mergedSchemaOf, propertiesOf, type Value } from "./value";
import { setOwn } from "./own";

/** An evaluated environment. */
export interface Environment {
  /** the root document's top-level expressions (for editors: ranges, schemas, references) */
  exprs?: Record<string, ExprJson>;
  /** merged result: imports overlaid by this document's values (omitted when empty) */
  properties?: Record<string, EscValue>;
  schema: Schema;
  executionContext: { properties?: Record<string, EscValue>; schema: Schema };
}

export interface EvaluateOptions {
  /** the environment's name (diagnostic filename, `context.currentEnvironment.name`) */
  name: string;
  /** the parsed document from `loadEnvironment` */
  env?: EnvironmentDecl;
  decrypter?: Decrypter;
  providers?: ProviderLoader;
  rotators?: RotatorLoader;
  environments?: EnvironmentLoader;
  /** host execution context, e.g. `{pulumi: {user: {id}}}` */
  context?: ExecContext;
  /** check mode only: decrypt ciphertexts instead of leaving them unknown */
  showSecrets?: boolean;
  /** rotate mode only: property paths under `values` to rotate (all when empty) */
  rotatePaths?: string[];
  signal?: AbortSignal;
}

export interface EvaluateResult {
  /** undefined when there is nothing to evaluate (no document, or no values and no imports) */
  env?: Environment;
  diagnostics: Diagnostic[];
}

export interface RotateResult extends EvaluateResult {
  /** state write-backs sorted by document path, e.g. `values.x["fn::rotate"].state` */
  patches: Patch[];
  /** every rotator selected for rotation and what happened to it */
  rotations: Rotation[];
}

export type { Patch, Rotation };

function exportProps(v: Value | undefined): Record<string, EscValue> | undefined {
  const props = v ? propertiesOf(v) : [];
  if (props.length === 0) return undefined;
  const out: Record<string, EscValue> = {};
  for (const [k, p] of props) setOwn(out, k, exportValue(p));
  return out;
}

function lazy<K extends keyof Environment>(env: Environment, key: K, compute: () => Environment[K]): void {
  let cached: Environment[K] | undefined;
  let done = false;
  Object.defineProperty(env, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        cached = compute();
        done = true;
      }
      return cached;
    },
    set(v: Environment[K]) {
      cached = v;
      done = true;
    },
  });
}

async function run(mode: Mode, opts: EvaluateOptions): Promise<RotateResult> {
  const decl = opts.env;
  if (!decl || ((decl.values?.entries.length ?? 0) === 0 && decl.imports.length === 0)) {
    return { diagnostics: [], patches: [], rotations: [] };
  }
  const ev = new Evaluator({ ...opts, mode, rootName: opts.name });
  try {
    const scope = await ev.evaluateRoot(decl);
    const root = scope.root.value!;
    const env = {
      properties: exportProps(root),
      executionContext: { properties: exportProps(scope.ctxValue), schema: scope.ctxValue.schema },
    } as Environment;
    // exprs and the merged schema are only needed by editors: computed on first access
    lazy(env, "exprs", () => exportExprs(scope.root, opts.name));
    lazy(env, "schema", () => mergedSchemaOf(root));
    const patches = [...ev.patches].sort((a, b) => (a.docPath < b.docPath ? -1 : a.docPath > b.docPath ? 1 : 0));
    return { env, diagnostics: ev.diags, patches, rotations: ev.rotations };
  } catch (e) {
    const msg = e instanceof EvalAbort ? e.message : internalMessage(e);
    return { diagnostics: [...ev.diags, errorDiag(msg)], patches: [], rotations: ev.rotations };
  }
}

/** Type-checks without calling providers or rotators; their outputs are unknown. */
export function checkEnvironment(opts: EvaluateOptions): Promise<EvaluateResult> {
  return run("check", opts);
}

/** Opens the environment: providers are called and ciphertexts decrypted. */
export function evalEnvironment(opts: EvaluateOptions): Promise<EvaluateResult> {
  return run("open", opts);
}

/** Like evalEnvironment, but selected rotators in the root document rotate first. */
export function rotateEnvironment(opts: EvaluateOptions): Promise<RotateResult> {
  return run("rotate", opts);
}
