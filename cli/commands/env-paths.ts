// Property paths in a definition, shared by env get/set/rm/diff.
import { parsePropertyPath, type PathSegment } from "../../lib/esc/edit/property-path";
import { CliError } from "../errors";
import type { ResolvedRef } from "../ref";

// The YAML parser loads only for the commands that use it, so commands such as `ferry run` start
// without it (bench/cli.ts).
export const loadYaml = () => import("yaml");

/** How diagnostics and errors name an environment: project/name. */
export const envName = (r: ResolvedRef) => `${r.project}/${r.name}`;

/** Segments under `values`, except `imports…` which edit the root (as esc). */
export function definitionPath(text: string): PathSegment[] {
  let segs: PathSegment[];
  try {
    segs = parsePropertyPath(text);
  } catch (e) {
    throw new CliError(`invalid path "${text}": ${(e as Error).message}`);
  }
  return segs[0] === "imports" ? segs : ["values", ...segs];
}

/** The part of a definition at a property path (under `values`, or `imports…`), as YAML; "" when absent. */
export async function definitionAt(yaml: string, pathText: string): Promise<string> {
  const segs = definitionPath(pathText);
  let node: unknown = (await loadYaml()).parse(yaml);
  for (const s of segs) node = node && typeof node === "object" ? (node as Record<string | number, unknown>)[s] : undefined;
  return node === undefined ? "" : typeof node === "object" && node !== null ? (await loadYaml()).stringify(node, { indent: 2 }) : `${String(node)}\n`;
}
