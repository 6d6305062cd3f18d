"use client";

// Completion and hover for ESC definitions in Monaco: builtins with argument snippets, provider
// names and their inputs (from the providers' schemas), environment names under `imports`, and
// property paths inside `${...}` from the values the live check resolved.
import type { EscValue, Schema } from "@/lib/esc";
import { escValueToJson } from "@/lib/esc";
import { providerCatalog } from "@/lib/providers/catalog";
import type { Monaco } from "./monaco";
import { schemaAt, typeLabel } from "./schema-at";
import { enclosingKeys, interpolationBefore, splitPath } from "./yaml-context";

export interface EditorModelContext {
  properties: () => Record<string, EscValue>;
  environmentNames: () => string[];
  showSecrets: () => boolean;
}

const contexts = new Map<string, EditorModelContext>();

export function setModelContext(uri: string, ctx: EditorModelContext | undefined) {
  if (ctx) contexts.set(uri, ctx);
  else contexts.delete(uri);
}

export const BUILTINS: { name: string; snippet: string; doc: string }[] = [
  { name: "fn::secret", snippet: "fn::secret: ${1:value}", doc: "Marks a value secret. Stored encrypted; shown as [secret] until revealed." },
  { name: "fn::open", snippet: "fn::open:\n  provider: ${1:name}\n  inputs:\n    ${2}", doc: "Opens a provider by name with inputs." },
  { name: "fn::join", snippet: 'fn::join: [${1:","}, [${2:a}, ${3:b}]]', doc: "Joins a list of strings with a delimiter." },
  { name: "fn::split", snippet: 'fn::split: [${1:","}, ${2:text}]', doc: "Splits a string on a delimiter into a list." },
  { name: "fn::concat", snippet: "fn::concat: [[${1:a}], [${2:b}]]", doc: "Concatenates lists." },
  { name: "fn::toJSON", snippet: "fn::toJSON: ${1:value}", doc: "Serializes a value as JSON text." },
  { name: "fn::fromJSON", snippet: "fn::fromJSON: ${1:text}", doc: "Parses JSON text into a value." },
  { name: "fn::toBase64", snippet: "fn::toBase64: ${1:text}", doc: "Encodes a string as base64." },
  { name: "fn::fromBase64", snippet: "fn::fromBase64: ${1:text}", doc: "Decodes a base64 string." },
  { name: "fn::toString", snippet: "fn::toString: ${1:value}", doc: "Converts a value to its string form." },
  { name: "fn::final", snippet: "fn::final: ${1:value}", doc: "A value that environments importing this one cannot override." },
  { name: "fn::validate", snippet: "fn::validate:\n  schema: { type: ${1:string} }\n  value: ${2:value}", doc: "Checks a value against a JSON schema." },
  { name: "fn::rotate", snippet: "fn::rotate:\n  provider: ${1:name}\n  inputs:\n    ${2}\n  state:\n    ${3}", doc: "A value produced by a rotator, whose state is rotated on demand." },
];

let registered = false;

export function registerEscLanguageFeatures(monaco: Monaco) {
  if (registered) return;
  registered = true;
  const { CompletionItemKind, CompletionItemInsertTextRule } = monaco.languages;

  monaco.languages.registerCompletionItemProvider("yaml", {
    triggerCharacters: [":", ".", "{", "[", "-", " "],
    provideCompletionItems(model, position) {
      const ctx = contexts.get(model.uri.toString());
      if (!ctx) return { suggestions: [] };
      const lineText = model.getLineContent(position.lineNumber);
      const before = lineText.slice(0, position.column - 1);
      const word = model.getWordUntilPosition(position);

      // Inside ${...}: property paths from the resolved values.
      const interp = interpolationBefore(before);
      if (interp !== undefined) {
        const segs = splitPath(interp);
        const partial = String(segs.pop() ?? "");
        const parent = resolvePath(ctx.properties(), segs);
        const keys = parent === undefined ? [] : childKeys(parent);
        const rootExtras = segs.length === 0 ? ["context", "imports", "environments"] : [];
        const start = position.column - partial.length;
        const range = new monaco.Range(position.lineNumber, start, position.lineNumber, position.column);
        return {
          suggestions: [...keys, ...rootExtras].map((k) => ({
            label: k,
            kind: CompletionItemKind.Property,
            insertText: k,
            range,
            detail: parent && !Array.isArray(parent.value) ? preview((parent.value as Record<string, EscValue> | undefined)?.[k], ctx.showSecrets()) : undefined,
          })),
        };
      }

      const lines = model.getLinesContent();
      const parents = enclosingKeys(lines, position.lineNumber - 1, position.column - 1);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const trimmed = before.trimStart();

      // Under imports: environment names.
      if (parents.length === 1 && parents[0] === "imports" && /^-\s*\S*$/.test(trimmed)) {
        const typed = trimmed.replace(/^-\s*/, "");
        const r = new monaco.Range(position.lineNumber, position.column - typed.length, position.lineNumber, position.column);
        return {
          suggestions: ctx.environmentNames().map((n) => ({ label: n, kind: CompletionItemKind.Module, insertText: n, range: r, detail: "environment" })),
        };
      }

      // fn::open::<provider> inputs, from the provider's input schema.
      const openIdx = parents.findLastIndex((k) => k.startsWith("fn::open::"));
      if (openIdx >= 0 && !/:\s/.test(trimmed)) {
        const provider = providerCatalog.find((p) => p.name === parents[openIdx].slice("fn::open::".length));
        const s = provider && schemaAt(provider.inputSchema, parents.slice(openIdx + 1).filter((k) => k !== "-"));
        if (s && typeof s === "object" && s.properties) {
          return {
            suggestions: Object.entries(s.properties).map(([k, sub]) => ({
              label: k,
              kind: CompletionItemKind.Field,
              insertText: `${k}: `,
              range,
              detail: typeLabel(sub) + (s.required?.includes(k) ? " (required)" : ""),
              documentation: typeof sub === "object" ? sub.description : undefined,
            })),
          };
        }
      }

      // A key position: builtins and providers.
      if (!/:\s/.test(trimmed) && parents[0] !== "imports") {
        const prefixStart = before.length - (/[\w:.-]*$/.exec(before)?.[0].length ?? 0) + 1;
        const r = new monaco.Range(position.lineNumber, prefixStart, position.lineNumber, position.column);
        return {
          suggestions: [
            ...BUILTINS.map((b) => ({
              label: b.name,
              kind: CompletionItemKind.Function,
              insertText: b.snippet,
              insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
              range: r,
              documentation: b.doc,
            })),
            ...providerCatalog.map((p) => ({
              label: `fn::open::${p.name}`,
              kind: CompletionItemKind.Function,
              insertText: p.snippet ?? `fn::open::${p.name}:\n  \${1}`,
              insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
              range: r,
              documentation: p.summary,
              detail: "provider",
            })),
          ],
        };
      }
      return { suggestions: [] };
    },
  });

  monaco.languages.registerHoverProvider("yaml", {
    provideHover(model, position) {
      const ctx = contexts.get(model.uri.toString());
      if (!ctx) return null;
      const line = model.getLineContent(position.lineNumber);
      const col = position.column - 1;
      const re = /\$\{([^}]*)\}/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line))) {
        if (m.index > 0 && line[m.index - 1] === "$") continue;
        if (col < m.index || col > m.index + m[0].length) continue;
        const segs = splitPath(m[1]);
        const value = resolvePath(ctx.properties(), segs);
        const range = new monaco.Range(position.lineNumber, m.index + 1, position.lineNumber, m.index + m[0].length + 1);
        if (!value) return { range, contents: [{ value: `\`${m[1]}\` — not found in the resolved values` }] };
        const def = value.trace?.def;
        const where = def && def.begin.line > 0 ? `Defined in \`${def.environment}\` at line ${def.begin.line}, column ${def.begin.column}` : undefined;
        return {
          range,
          contents: [{ value: "```json\n" + preview(value, ctx.showSecrets(), 2000) + "\n```" }, ...(where ? [{ value: where }] : [])],
        };
      }
      return null;
    },
  });
}

function childKeys(v: EscValue): string[] {
  const x = v.value;
  if (Array.isArray(x)) return x.map((_, i) => `[${i}]`);
  if (x && typeof x === "object") return Object.keys(x);
  return [];
}

export function resolvePath(props: Record<string, EscValue>, segs: (string | number)[]): EscValue | undefined {
  let cur: EscValue | undefined = { value: props };
  for (const s of segs) {
    const x: EscValue["value"] | undefined = cur?.value;
    if (x === null || x === undefined || typeof x !== "object") return undefined;
    cur = Array.isArray(x) ? x[Number(s)] : (x as Record<string, EscValue>)[String(s)];
  }
  return cur;
}

function preview(v: EscValue | undefined, showSecrets: boolean, max = 80): string {
  if (!v) return "";
  const text = JSON.stringify(escValueToJson(v, !showSecrets), null, max > 100 ? 2 : 0);
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

export type { Schema };
