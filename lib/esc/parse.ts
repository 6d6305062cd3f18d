// Syntax tree → AST (EnvironmentDecl, Expr) with the reference's parse diagnostics
// (ast/environment.go, ast/expr.go; LANGUAGE.md §1, §3, §6).

import type {
  BuiltinExpr,
  EnvironmentDecl,
  Expr,
  ImportDecl,
  ObjectEntryExpr,
  ObjectExpr,
} from "./ast";
import { errorDiag, warningDiag, type Diagnostic } from "./diagnostics";
import { parseTemplate } from "./interpolation";
import { levenshtein } from "./spell";
import type { ObjectNode, StringNode, SyntaxNode } from "./syntax";

const ROOT_FIELDS = ["description", "imports", "values"] as const;

export function parseEnvironment(node: SyntaxNode, diags: Diagnostic[]): EnvironmentDecl | undefined {
  if (node.kind !== "object") {
    diags.push(errorDiag("environment must be an object", node.range, node.path));
    return undefined;
  }
  const decl: EnvironmentDecl = { node, imports: [] };
  const seen = new Set<string>();
  for (const { key, value } of node.entries) {
    const field = ROOT_FIELDS.find((f) => f.toLowerCase() === key.value.toLowerCase());
    if (!field) {
      const existing = [...ROOT_FIELDS]
        .map((f, i) => ({ f, i, d: levenshtein(key.value, f) }))
        .sort((a, b) => a.d - b.d || a.i - b.i)
        .map((x) => `'${x.f}'`)
        .join(", ");
      diags.push(
        warningDiag(
          `Field '${key.value}' does not exist on Object 'environment'. Existing fields are: ${existing}`,
          key.range,
          key.path,
        ),
      );
      continue;
    }
    if (seen.has(field)) diags.push(warningDiag(`duplicate key "${key.value}"`, key.range, key.path));
    seen.add(field);
    if (field === "description") {
      decl.description = value.kind === "string" ? value.value : undefined;
    } else if (field === "imports") {
      decl.imports = parseImports(value, diags);
    } else {
      decl.values = parseValues(value, diags);
    }
  }
  return decl;
}

function parseImports(node: SyntaxNode, diags: Diagnostic[]): ImportDecl[] {
  if (node.kind === "null") return [];
  if (node.kind !== "array") {
    diags.push(errorDiag("imports must be a list", node.range, node.path));
    return [];
  }
  const out: ImportDecl[] = [];
  for (const el of node.elements) {
    if (el.kind === "string") {
      out.push({ name: el.value, node: el, merge: true });
      continue;
    }
    if (el.kind !== "object") {
      diags.push(errorDiag("import must be a string or an object", el.range, el.path));
      continue;
    }
    if (el.entries.length !== 1) {
      diags.push(errorDiag("import must have a single key", el.range, el.path));
      continue;
    }
    const { key, value } = el.entries[0];
    let merge = true;
    if (value.kind === "object") {
      for (const e of value.entries) {
        if (e.key.value.toLowerCase() !== "merge") continue;
        if (e.value.kind === "boolean") merge = e.value.value;
        else diags.push(errorDiag("merge must be a boolean value", e.value.range, e.value.path));
      }
    } else if (value.kind !== "null") {
      diags.push(errorDiag("import must be an object", value.range, value.path));
    }
    out.push({ name: key.value, node: key, merge });
  }
  return out;
}

function parseValues(node: SyntaxNode, diags: Diagnostic[]): ObjectExpr | undefined {
  if (node.kind === "null") return undefined;
  if (node.kind !== "object") {
    diags.push(errorDiag("values must be an object", node.range, node.path));
    return undefined;
  }
  const entries: ObjectEntryExpr[] = [];
  for (const { key, value } of node.entries) {
    if (key.value.startsWith("fn::")) {
      diags.push(errorDiag(`builtin function call "${key.value}" not allowed at the top level`, key.range, key.path));
    }
    entries.push({ key: key.value, keyNode: key, value: parseExpr(value, diags) });
  }
  return { kind: "object", node, entries };
}

export function parseExpr(node: SyntaxNode, diags: Diagnostic[]): Expr {
  switch (node.kind) {
    case "null":
      return { kind: "null", node };
    case "boolean":
      return { kind: "boolean", node, value: node.value };
    case "number":
      return { kind: "number", node, value: node.value };
    case "string":
      return parseString(node, diags);
    case "array":
      return { kind: "array", node, elements: node.elements.map((e) => parseExpr(e, diags)) };
    case "object":
      return parseBuiltin(node, diags) ?? parseObject(node, diags);
  }
}

function parseString(node: StringNode, diags: Diagnostic[]): Expr {
  const parts = parseTemplate(node, diags);
  if (parts.length === 1 && !parts[0].access) return { kind: "string", node, value: parts[0].text };
  if (parts.length === 1 && parts[0].text === "" && parts[0].access) {
    return { kind: "symbol", node, access: parts[0].access };
  }
  return { kind: "interpolate", node, parts };
}

function parseObject(node: ObjectNode, diags: Diagnostic[]): ObjectExpr {
  const entries: ObjectEntryExpr[] = [];
  for (const { key, value } of node.entries) {
    const k = parseString(key, diags);
    if (k.kind !== "string") {
      diags.push(errorDiag("object keys must be strings", key.range, key.path));
      continue;
    }
    entries.push({ key: k.value, keyNode: key, value: parseExpr(value, diags) });
  }
  return { kind: "object", node, entries };
}

const UNARY = new Set(["fn::toJSON", "fn::fromJSON", "fn::toBase64", "fn::fromBase64", "fn::toString", "fn::final"]);

function parseBuiltin(node: ObjectNode, diags: Diagnostic[]): BuiltinExpr | undefined {
  if (node.entries.length !== 1) {
    const fnKey = node.entries.find((e) => e.key.value.startsWith("fn::"));
    if (fnKey) {
      diags.push(
        errorDiag(
          `illegal call to builtin function: "${fnKey.key.value}" must be the only key within its containing object`,
          node.range,
          node.path,
        ),
      );
    }
    return undefined;
  }
  const { key, value } = node.entries[0];
  const name = key.value;
  // an ordinary single-key object: no builtin and no reserved prefix to report
  if (name.length < 4 || (name.charCodeAt(0) | 32) !== 102 /* f */) return undefined;
  const base = { kind: "builtin" as const, node, name, nameNode: key };
  const missing = (): Expr => ({ kind: "missing", node: value });
  const arg = () => parseExpr(value, diags);
  if (name === "fn::open" || name === "fn::rotate") {
    const a = arg();
    const long = parseProviderArg(name, a, value, diags);
    const { provider, inputs, invalidProvider } = long;
    if (name === "fn::open") return { ...base, fn: "fn::open", arg: a, provider, inputs, invalidProvider };
    return { ...base, fn: "fn::rotate", arg: a, provider, inputs, state: long.state, invalidProvider };
  }
  if (name.startsWith("fn::open::")) {
    const a = arg();
    return { ...base, fn: "fn::open", arg: a, provider: name.slice(10), inputs: a };
  }
  if (name.startsWith("fn::rotate::")) {
    const a = arg();
    const r = parseRotateShort(a, value, diags);
    return { ...base, fn: "fn::rotate", arg: a, provider: name.slice(12), inputs: r.inputs, state: r.state };
  }
  if (name === "fn::secret") {
    const a = arg();
    if (a.kind === "string") return { ...base, fn: "fn::secret", arg: a, plaintext: a.value };
    if (a.kind === "object" && a.entries.length === 1 && a.entries[0].key === "ciphertext" && a.entries[0].value.kind === "string") {
      return { ...base, fn: "fn::secret", arg: a, ciphertext: a.entries[0].value.value };
    }
    diags.push(errorDiag("secret values must be string literals", value.range, value.path));
    return { ...base, fn: "fn::secret", arg: a, plaintext: "" };
  }
  if (name === "fn::join" || name === "fn::split") {
    const a = arg();
    if (a.kind !== "array" || a.elements.length !== 2) {
      diags.push(errorDiag(`the argument to ${name} must be a two-valued list`, value.range, value.path));
      return { ...base, fn: name, arg: a, first: missing(), second: missing() };
    }
    return { ...base, fn: name, arg: a, first: a.elements[0], second: a.elements[1] };
  }
  if (name === "fn::concat") {
    const a = arg();
    if (a.kind !== "array") {
      diags.push(errorDiag("the argument to fn::concat must be an array of arrays", value.range, value.path));
    }
    return { ...base, fn: "fn::concat", arg: a, arrays: a };
  }
  if (UNARY.has(name)) {
    return { ...base, fn: name as "fn::toJSON", arg: arg() };
  }
  if (name === "fn::validate") {
    const a = arg();
    if (a.kind !== "object") {
      diags.push(
        errorDiag("the argument to fn::validate must be an object containing 'schema' and 'value'", value.range, value.path),
      );
      return { ...base, fn: "fn::validate", arg: a, schema: missing(), value: missing() };
    }
    const schema = a.entries.find((e) => e.key === "schema")?.value;
    const val = a.entries.find((e) => e.key === "value")?.value;
    if (!schema) diags.push(errorDiag("missing required property 'schema'", value.range, value.path));
    if (!val) diags.push(errorDiag("missing required property 'value'", value.range, value.path));
    return { ...base, fn: "fn::validate", arg: a, schema: schema ?? missing(), value: val ?? missing() };
  }
  if (name.toLowerCase().startsWith("fn::")) {
    diags.push(errorDiag("'fn::' is a reserved prefix", key.range, key.path));
  }
  return undefined;
}

function entryOf(a: ObjectExpr, key: string): ObjectEntryExpr | undefined {
  return a.entries.find((e) => e.key === key);
}

function parseProviderArg(
  name: string,
  a: Expr,
  node: SyntaxNode,
  diags: Diagnostic[],
): { provider: string; inputs: Expr; state?: ObjectExpr; invalidProvider?: boolean } {
  const missing: Expr = { kind: "missing", node };
  if (a.kind !== "object") {
    const what = name === "fn::open" ? "'provider' and 'inputs'" : "'provider', 'inputs' and 'state'";
    diags.push(errorDiag(`the argument to ${name} must be an object containing ${what}`, node.range, node.path));
    return { provider: "", inputs: missing, invalidProvider: true };
  }
  let provider = "";
  let ok = true;
  let invalidProvider = false;
  const p = entryOf(a, "provider");
  if (!p) {
    diags.push(errorDiag("missing provider name ('provider')", node.range, node.path));
    invalidProvider = true;
  } else if (p.value.kind !== "string") {
    diags.push(errorDiag("provider name must be a string literal", p.value.node.range, p.value.node.path));
    invalidProvider = true;
  } else provider = p.value.value;
  const i = entryOf(a, "inputs");
  if (!i) {
    diags.push(errorDiag("missing provider inputs ('inputs')", node.range, node.path));
    ok = false;
  }
  const state = name === "fn::rotate" ? parseState(entryOf(a, "state"), diags) : undefined;
  return { provider, inputs: ok && i ? i.value : missing, state, invalidProvider };
}

function parseRotateShort(a: Expr, node: SyntaxNode, diags: Diagnostic[]): { inputs: Expr; state?: ObjectExpr } {
  const missing: Expr = { kind: "missing", node };
  if (a.kind !== "object") {
    diags.push(
      errorDiag("the argument to fn::rotate must be an object containing 'inputs' and 'state'", node.range, node.path),
    );
    return { inputs: missing };
  }
  const i = entryOf(a, "inputs");
  if (!i) diags.push(errorDiag("missing provider inputs ('inputs')", node.range, node.path));
  return { inputs: i ? i.value : missing, state: parseState(entryOf(a, "state"), diags) };
}

function parseState(e: ObjectEntryExpr | undefined, diags: Diagnostic[]): ObjectExpr | undefined {
  if (!e || e.value.kind === "null") return undefined;
  if (e.value.kind !== "object") {
    diags.push(errorDiag("rotation state must be an object literal", e.value.node.range, e.value.node.path));
    return undefined;
  }
  return e.value;
}

