// Builtin functions (LANGUAGE.md §6): open, rotate, secret, join, split, concat, toJSON,
// fromJSON, toBase64, fromBase64, toString, final, validate.

import type { SecretExpr } from "./ast";
import { evalOpen, evalRotate } from "./builtin-providers";
import { zeroRange } from "./diagnostics";
import { decodeBase64, encodeBase64, openEnvelope } from "./envelope";
import type { EnvScope, Evaluator } from "./eval";
import type { EvalExpr } from "./eval-expr";
import { goJsonMarshal, valueToString } from "./go-text";
import { parseJsonWithNumbers } from "./json-decode";
import {
  Always,
  arrayOf,
  compileSchema,
  jsonSchemaSchema,
  recordOf,
  stringSchema,
  tupleOf,
  type Schema,
} from "./schema";
import { compilePattern } from "./regex";
import { validateValue } from "./validate";
import { isInvalidCiphertext } from "./types";
import {
  containsSecret,
  containsUnknown,
  copyValue,
  isMap,
  keysOf,
  makeSecret,
  propertyOf,
  unknownValue,
  Value,
  valueFromJson,
  type Def,
} from "./value";
import { setOwn } from "./own";

/** Unknown/secret of a combined result: any input containing one taints the whole. */
function combine(out: Value, inputs: Value[]): Value {
  if (inputs.some((i) => containsUnknown(i))) {
    out.unknown = true;
    out.repr = null;
  }
  if (inputs.some((i) => containsSecret(i))) out.secret = true;
  return out;
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

export async function evalBuiltin(ev: Evaluator, x: EvalExpr, scope: EnvScope): Promise<Value> {
  const ast = x.ast;
  if (ast.kind !== "builtin") throw new Error("not a builtin");
  const def = x.def;
  const err = (msg: string) => ev.error(msg, ast.node.range, ast.node.path);
  const str = (s: string | null, schema: Schema = stringSchema()) => new Value(s, schema, def);
  switch (ast.fn) {
    case "fn::secret":
      return evalSecret(ev, x, ast, scope);
    case "fn::open":
      return evalOpen(ev, x, ast, scope);
    case "fn::rotate":
      return evalRotate(ev, x, ast, scope);
    case "fn::join": {
      x.argSchema = tupleOf([stringSchema(), arrayOf(stringSchema())]);
      const d = await ev.evaluateTyped(x.args.first, stringSchema(), scope);
      const l = await ev.evaluateTyped(x.args.second, arrayOf(stringSchema()), scope);
      if (ast.first.kind === "missing" || !d.ok || !l.ok) return unknownValue(stringSchema(), def);
      const out = combine(str(null), [d.value, l.value]);
      if (!out.unknown) {
        const joined = (l.value.repr as Value[]).map((e) => e.repr as string).join(d.value.repr as string);
        if (!ev.checkStringSize(joined, x)) return unknownValue(stringSchema(), def);
        out.repr = joined;
      }
      return out;
    }
    case "fn::split": {
      x.argSchema = tupleOf([stringSchema(), stringSchema()]);
      const d = await ev.evaluateTyped(x.args.first, stringSchema(), scope);
      const s = await ev.evaluateTyped(x.args.second, stringSchema(), scope);
      const schema = arrayOf(stringSchema());
      if (ast.first.kind === "missing" || !d.ok || !s.ok) return unknownValue(schema, def);
      const out = combine(new Value(null, schema, def), [d.value, s.value]);
      if (!out.unknown) {
        const delim = d.value.repr as string;
        const text = s.value.repr as string;
        const parts = delim === "" ? [...text] : text.split(delim);
        out.repr = parts.map((p) => new Value(p, { type: "string", const: p }, def));
      }
      return out;
    }
    case "fn::concat": {
      x.argSchema = arrayOf(arrayOf(Always));
      const a = await ev.evaluateTyped(x.args.arrays, arrayOf(arrayOf(Always)), scope);
      const schema = arrayOf(Always);
      if (!a.ok) return unknownValue(schema, def);
      const out = combine(new Value(null, schema, def), [a.value]);
      if (!out.unknown) out.repr = (a.value.repr as Value[]).flatMap((e) => e.repr as Value[]);
      return out;
    }
    case "fn::toJSON": {
      const v = await ev.evaluate(x.args.arg, scope);
      const out = combine(str(null), [v]);
      if (!out.unknown) {
        const json = ev.render(() => goJsonMarshal(v), x);
        if (json === undefined) return unknownValue(stringSchema(), def);
        out.repr = json;
      }
      return out;
    }
    case "fn::fromJSON": {
      const s = await ev.evaluateTyped(x.args.arg, stringSchema(), scope);
      if (!s.ok || s.value.unknown) {
        const u = unknownValue(Always, def);
        u.secret = s.value.secret;
        return u;
      }
      let parsed;
      try {
        parsed = parseJsonWithNumbers(s.value.repr as string);
      } catch (e) {
        err(`decoding JSON string: ${errMessage(e)}`);
        return unknownValue(Always, def);
      }
      const out = valueFromJson(parsed, def);
      if (containsSecret(s.value)) makeSecret(out);
      return out;
    }
    case "fn::toBase64": {
      x.argSchema = stringSchema();
      const s = await ev.evaluateTyped(x.args.arg, stringSchema(), scope);
      if (!s.ok) return unknownValue(stringSchema(), def);
      const out = combine(str(null), [s.value]);
      if (!out.unknown) {
        if (!ev.checkStringSize(s.value.repr as string, x)) return unknownValue(stringSchema(), def);
        out.repr = encodeBase64(utf8.encode(s.value.repr as string));
      }
      return out;
    }
    case "fn::fromBase64": {
      x.argSchema = stringSchema();
      const s = await ev.evaluateTyped(x.args.arg, stringSchema(), scope);
      if (!s.ok) return unknownValue(stringSchema(), def);
      const out = combine(str(null), [s.value]);
      if (!out.unknown) {
        try {
          out.repr = utf8d.decode(decodeBase64(s.value.repr as string));
        } catch (e) {
          err(`decoding base64 string: ${errMessage(e)}`);
          return unknownValue(stringSchema(), def);
        }
      }
      return out;
    }
    case "fn::toString": {
      const v = await ev.evaluate(x.args.arg, scope);
      const text = ev.render(() => valueToString(v), x);
      if (text === undefined) return unknownValue(stringSchema(), def);
      const out = str(text);
      if (containsUnknown(v)) {
        out.unknown = true;
        out.repr = null;
      }
      if (containsSecret(v)) out.secret = true;
      return out;
    }
    case "fn::final": {
      const v = await ev.evaluate(x.args.arg, scope);
      const out = combine(copyValue(v), [v]);
      out.def = def;
      out.final = true;
      return out;
    }
    case "fn::validate": {
      const meta = jsonSchemaSchema();
      x.argSchema = recordOf({ schema: meta, value: Always });
      const schemaValue = await ev.evaluate(x.args.schema, scope);
      const schemaV = { value: schemaValue, ok: typeof schemaValue.repr === "boolean" || ev.check(schemaValue, meta) };
      const v = await ev.evaluate(x.args.value, scope);
      if (schemaV.ok && !containsUnknown(schemaV.value)) {
        const s = schemaFromValue(schemaV.value);
        const bad = s === undefined ? undefined : invalidPattern(schemaV.value);
        if (s === undefined) err("invalid schema: expected a boolean or an object");
        else if (bad) ev.error(`invalid schema: ${bad.message}`, bad.at.range, bad.at.path);
        else validateValue(v, s!, s!, (summary, d) => ev.error(summary, d.range, d.path));
      }
      // the value always passes through; failures are diagnostics only
      const out = combine(copyValue(v), [v]);
      out.def = def;
      return out;
    }
  }
}

const SCHEMA_LISTS = ["anyOf", "oneOf", "prefixItems"];
const SCHEMA_ONES = ["items", "additionalProperties"];
const SCHEMA_MAPS = ["properties", "$defs"];

/**
 * The first `pattern` in a schema value that RE2 refuses, with the value that defined it, so the
 * diagnostic lands on the pattern itself rather than on the whole fn::validate.
 */
function invalidPattern(v: Value, depth = 0): { message: string; at: Def } | undefined {
  if (!isMap(v.repr) || depth > 64) return undefined;
  const p = v.repr.get("pattern");
  if (p && typeof p.repr === "string") {
    const c = compilePattern(p.repr);
    if (!c.ok) return { message: c.message, at: p.def };
  }
  const subs: Value[] = [];
  for (const k of SCHEMA_LISTS) {
    const l = v.repr.get(k)?.repr;
    if (Array.isArray(l)) subs.push(...l);
  }
  for (const k of SCHEMA_ONES) {
    const one = v.repr.get(k);
    if (one) subs.push(one);
  }
  for (const k of SCHEMA_MAPS) {
    const m = v.repr.get(k)?.repr;
    if (m && isMap(m)) subs.push(...m.values());
  }
  for (const sub of subs) {
    const bad = invalidPattern(sub, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

function schemaFromValue(v: Value): Schema | undefined {
  const j = JSON.parse(JSON.stringify(exportPlain(v)));
  if (typeof j === "boolean") return j;
  if (j && typeof j === "object" && !Array.isArray(j)) return compileSchema({ type: "", ...j });
  return undefined;
}

function exportPlain(v: Value): unknown {
  const r = v.repr;
  if (Array.isArray(r)) return r.map(exportPlain);
  if (isMap(r)) {
    const o: Record<string, unknown> = {};
    for (const k of keysOf(v)) setOwn(o, k, exportPlain(propertyOf(v, k)!));
    return o;
  }
  if (r !== null && typeof r === "object") return Number(r.text);
  return r;
}

async function evalSecret(ev: Evaluator, x: EvalExpr, ast: SecretExpr, scope: EnvScope): Promise<Value> {
  // the value is defined by the argument literal; a rejected argument has no location
  const def =
    ast.ciphertext !== undefined
      ? x.def
      : ast.arg.kind === "string"
        ? { env: x.env, range: ast.arg.node.range, path: ast.arg.node.path }
        : { env: x.env, range: zeroRange(x.env), path: ast.node.path };
  if (ast.ciphertext === undefined) {
    const v = new Value(ast.plaintext ?? "", { type: "string", const: ast.plaintext ?? "" }, def);
    v.secret = true;
    return v;
  }
  const unknown = () => {
    const u = unknownValue(stringSchema(), def);
    u.secret = true;
    return u;
  };
  let inner: Uint8Array;
  try {
    inner = openEnvelope(ast.ciphertext);
  } catch (e) {
    ev.error(`invalid ciphertext: ${errMessage(e)}`, ast.node.range, ast.node.path);
    return unknown();
  }
  if (ev.mode === "check" && !ev.opts.showSecrets) return unknown();
  try {
    if (!scope.decrypter) throw new Error("no decrypter available");
    const plain = utf8d.decode(await scope.decrypter.decrypt(inner));
    const v = new Value(plain, stringSchema(), def);
    v.secret = true;
    return v;
  } catch (e) {
    ev.error(`${isInvalidCiphertext(e) ? "invalid ciphertext" : "decrypting"}: ${errMessage(e)}`, ast.node.range, ast.node.path);
    return unknown();
  }
}

