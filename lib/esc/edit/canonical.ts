// The reference (Go, go-yaml v3) re-encodes the whole document after an edit: 4-space indent for
// `esc env set/rm`'s YAMLSyntax edits, 2-space for EncryptSecrets/DecryptSecrets. Ferry keeps the
// author's layout by default; `layout: "canonical"` reproduces the reference's re-encoding for
// callers (and conformance tests) that want its exact bytes.

import { parseDocument } from "yaml";

export interface LayoutOptions {
  /** "preserve" (default): only the edited region changes. "canonical": re-encode like the reference. */
  layout?: "preserve" | "canonical";
  /** indentation for the canonical layout; the reference's YAML edits use 4 */
  indent?: number;
}

export function layoutCanonical(text: string, opts: LayoutOptions): string {
  if (opts.layout !== "canonical") return text;
  const doc = parseDocument(text, { uniqueKeys: false, keepSourceTokens: false });
  if (doc.contents === null) return text;
  return doc.toString({
    indent: opts.indent ?? 4,
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 0,
    flowCollectionPadding: false,
  });
}
