// load = decode + parse (the reference's LoadYAMLBytes): YAML errors stop before parsing.

import type { EnvironmentDecl } from "./ast";
import { errorDiag, hasErrors, type Diagnostic } from "./diagnostics";
import { parseEnvironment } from "./parse";
import { decodeYAML } from "./yaml-decode";

export interface LoadResult {
  /** undefined when the YAML could not be decoded or the root is not a mapping */
  env?: EnvironmentDecl;
  diagnostics: Diagnostic[];
}

/** Parses an environment document. Never throws. */
export function loadEnvironment(name: string, text: string): LoadResult {
  try {
    const dec = decodeYAML(name, text);
    if (!dec.node || hasErrors(dec.diagnostics)) return { diagnostics: dec.diagnostics };
    const diagnostics: Diagnostic[] = [...dec.diagnostics];
    const env = parseEnvironment(dec.node, diagnostics);
    return { env, diagnostics };
  } catch (e) {
    return { diagnostics: [errorDiag(internalMessage(e))] };
  }
}

export function internalMessage(e: unknown): string {
  if (e instanceof RangeError) return "document is too deeply nested to process";
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}
