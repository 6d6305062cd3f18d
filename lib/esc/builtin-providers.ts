// fn::open and fn::rotate: provider/rotator loading, input and state type checks, rotateOnly
// inputs, rotation patches (LANGUAGE.md §6, §6.8).

import type { OpenExpr, RotateExpr } from "./ast";
import type { EnvScope, Evaluator } from "./eval";
import { State, type EvalExpr } from "./eval-expr";
import { exportValue, valueFromEsc, type EscValue } from "./export";
import { joinKey } from "./path";
import { Always, compileSchema, nullSchema, oneOf, recordOf, stringSchema, type Schema } from "./schema";
import type { ProviderContext } from "./types";
import { containsUnknown, isMap, keysOf, makeSecret, propertyOf, unknownValue, Value } from "./value";

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function providerContext(ev: Evaluator, scope: EnvScope): ProviderContext {
  return { context: ev.contextJson(scope.name), signal: ev.opts.signal };
}

export async function evalOpen(ev: Evaluator, x: EvalExpr, ast: OpenExpr, scope: EnvScope): Promise<Value> {
  const def = x.def;
  const long = ast.name === "fn::open";
  if (long) x.argSchema = recordOf({ inputs: Always, provider: stringSchema() });
  if (ast.invalidProvider) return unknownValue(Always, def);
  let provider;
  try {
    if (!ev.opts.providers) throw new Error(`unknown provider "${ast.provider}"`);
    provider = await ev.opts.providers.loadProvider(ast.provider);
  } catch (e) {
    if (ast.inputs.kind === "missing") return unknownValue(Always, def);
    ev.error(errMessage(e), ast.node.range, ast.node.path);
    await ev.evaluate(x.args.inputs, scope);
    return unknownValue(Always, def);
  }
  const inSchema = compileSchema(provider.inputSchema);
  const outSchema = compileSchema(provider.outputSchema);
  x.argSchema = long ? recordOf({ inputs: provider.inputSchema, provider: stringSchema() }) : provider.inputSchema;
  if (ast.inputs.kind === "missing") return unknownValue(outSchema, def);
  const inputs = await ev.evaluateTyped(x.args.inputs, inSchema, scope);
  if (!inputs.ok || containsUnknown(inputs.value) || ev.mode === "check") return unknownValue(outSchema, def);
  let result: EscValue;
  try {
    result = await provider.open(exportValue(inputs.value), providerContext(ev, scope));
  } catch (e) {
    ev.error(errMessage(e), ast.node.range, ast.node.path);
    return unknownValue(outSchema, def);
  }
  const out = valueFromEsc(result, def);
  if (result?.secret) makeSecret(out);
  setExpr(out, x);
  return out;
}

function setExpr(v: Value, x: EvalExpr, depth = 0): void {
  v.expr = x;
  if (depth > 1000) return;
  if (Array.isArray(v.repr)) for (const e of v.repr) setExpr(e, x, depth + 1);
  else if (isMap(v.repr)) for (const e of v.repr.values()) setExpr(e, x, depth + 1);
}

function observableUnknown(v: Value, rotating: boolean, depth = 0): boolean {
  if (v.unknown) return rotating || !v.rotateOnly;
  if (depth > 1000) return false;
  if (Array.isArray(v.repr)) return v.repr.some((e) => observableUnknown(e, rotating, depth + 1));
  if (isMap(v.repr)) return keysOf(v).some((k) => observableUnknown(propertyOf(v, k)!, rotating, depth + 1));
  return false;
}

export async function evalRotate(ev: Evaluator, x: EvalExpr, ast: RotateExpr, scope: EnvScope): Promise<Value> {
  const def = x.def;
  if (ast.invalidProvider) return unknownValue(Always, def);
  let rotator;
  try {
    if (!ev.opts.rotators) throw new Error(`unknown rotator "${ast.provider}"`);
    rotator = await ev.opts.rotators.loadRotator(ast.provider);
  } catch (e) {
    if (ast.inputs.kind === "missing") return unknownValue(Always, def);
    ev.error(errMessage(e), ast.node.range, ast.node.path);
    return unknownValue(Always, def);
  }
  const inSchema = compileSchema(rotator.inputSchema);
  const stateSchema = oneOf(compileSchema(rotator.stateSchema), nullSchema());
  const outSchema = compileSchema(rotator.outputSchema);
  const argProps: Record<string, Schema> = { inputs: rotator.inputSchema, state: oneOf(rotator.stateSchema, nullSchema()) };
  if (ast.name === "fn::rotate") argProps.provider = stringSchema();
  x.argSchema = recordOf(argProps);
  if (ast.inputs.kind === "missing") {
    if (x.args.state) await ev.evaluateTyped(x.args.state, stateSchema, scope);
    return unknownValue(outSchema, def);
  }
  const rotating = ev.mode === "rotate" && scope.isRoot && ev.isSelectedForRotation(ast.node.path);

  // rotateOnly inputs are only evaluated in check and rotate of the root environment
  const skip = ev.mode === "open" || !scope.isRoot;
  const inX = x.args.inputs;
  if (skip && typeof inSchema === "object" && inSchema.rotateOnly && inX.props) {
    for (const k of inSchema.rotateOnly) {
      const child = inX.props.get(k);
      if (!child || child.state !== State.Declared) continue;
      const u = unknownValue(Always, child.def);
      u.rotateOnly = true;
      child.skipped = true;
      child.value = u;
      child.state = State.Done;
    }
  }
  const inputs = await ev.evaluateTyped(inX, inSchema, scope);
  let state: Value;
  let stateOk = true;
  if (x.args.state) {
    const s = await ev.evaluateTyped(x.args.state, stateSchema, scope);
    state = s.value;
    stateOk = s.ok;
  } else {
    state = new Value(null, nullSchema(), def);
  }
  if (
    !inputs.ok ||
    observableUnknown(inputs.value, rotating) ||
    !stateOk ||
    containsUnknown(state) ||
    ev.mode === "check"
  ) {
    if (rotating) ev.rotations.push({ path: ast.node.path, status: "not-evaluated" });
    return unknownValue(outSchema, def);
  }
  const ctx = providerContext(ev, scope);
  let stateEsc = exportValue(state);
  const inEsc = exportValue(inputs.value);
  if (rotating) {
    try {
      stateEsc = await rotator.rotate(inEsc, stateEsc, ctx);
    } catch (e) {
      ev.error(`rotate: ${errMessage(e)}`, ast.node.range, ast.node.path);
      ev.rotations.push({ path: ast.node.path, status: "failed", error: errMessage(e) });
      return unknownValue(outSchema, def);
    }
    ev.patches.push({ docPath: joinKey(ast.node.path, ast.name) + ".state", replacement: stateEsc });
    ev.rotations.push({ path: ast.node.path, status: "rotated" });
  }
  let result: EscValue;
  try {
    result = await rotator.open(inEsc, stateEsc, ctx);
  } catch (e) {
    ev.error(errMessage(e), ast.node.range, ast.node.path);
    return unknownValue(outSchema, def);
  }
  const out = valueFromEsc(result, def);
  if (result?.secret) makeSecret(out);
  return out;
}
