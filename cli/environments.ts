// Calls shared by several commands.
import { ApiError, envPath, type FerryClient } from "./client";
import { CliError } from "./errors";
import { formatResolved, type ResolvedRef } from "./ref";
import type { EscValue } from "../lib/esc/export";

export interface Diag {
  severity?: string;
  summary: string;
  path?: string;
  range?: { environment?: string; begin: { line: number; column: number } };
}

export function formatDiagnostics(ds: Diag[], env: string): string {
  return ds
    .map((d) => (d.range ? `${d.range.environment ?? env}:${d.range.begin.line}:${d.range.begin.column}: ${d.summary}` : `${env}: ${d.summary}`))
    .sort()
    .map((l) => l + "\n")
    .join("");
}

/** Adds "which environment" to not-found answers. */
export function explain(e: unknown, ref: ResolvedRef): never {
  if (e instanceof ApiError && e.status === 404 && /^Environment|^Organization/.test(e.message)) {
    throw new CliError(`environment ${formatResolved(ref, false)} not found (or you have no access to it)`);
  }
  throw e;
}

export async function openProperties(client: FerryClient, ref: ResolvedRef, duration?: string): Promise<{ properties: Record<string, EscValue>; diagnostics: Diag[] }> {
  try {
    const base = envPath(ref);
    const openPath = ref.version ? `${base}/versions/${encodeURIComponent(ref.version)}/open` : `${base}/open`;
    const opened = await client.json<{ id: string; diagnostics?: { diagnostics?: Diag[] } }>("POST", openPath, { query: { duration } });
    const env = await client.json<{ properties?: Record<string, EscValue> }>("GET", `${base}/open/${encodeURIComponent(opened.id)}`);
    return { properties: env.properties ?? {}, diagnostics: opened.diagnostics?.diagnostics ?? [] };
  } catch (e) {
    // an environment with errors does not open (ESC's 400 with diagnostics): callers refuse
    if (e instanceof ApiError && e.status === 400 && Array.isArray(e.body.diagnostics)) return { properties: {}, diagnostics: e.body.diagnostics as Diag[] };
    explain(e, ref);
  }
}

export async function getDefinition(client: FerryClient, ref: ResolvedRef, opts: { decrypt?: boolean } = {}): Promise<{ yaml: string; revision?: number }> {
  try {
    const base = envPath(ref);
    if (opts.decrypt) {
      const { text, revision } = await client.text("GET", `${base}/decrypt`, { query: { version: ref.version } });
      return { yaml: text, revision };
    }
    const { text, revision } = await client.text("GET", ref.version ? `${base}/versions/${encodeURIComponent(ref.version)}` : base);
    return { yaml: text, revision };
  } catch (e) {
    explain(e, ref);
  }
}

/** Saves a definition; diagnostics with errors become a CliError listing them. */
export async function putDefinition(client: FerryClient, ref: ResolvedRef, yaml: string, baseRevision?: number): Promise<{ revision?: number; diagnostics: Diag[] }> {
  const headers: Record<string, string> = { "content-type": "application/x-yaml" };
  if (baseRevision !== undefined) headers["if-match"] = `"${baseRevision}"`;
  try {
    const res = await client.request("PATCH", envPath(ref), { body: yaml, headers });
    const body = (await res.json()) as { diagnostics?: Diag[] };
    const rev = res.headers.get("x-ferry-revision");
    return { revision: rev ? Number(rev) : undefined, diagnostics: body.diagnostics ?? [] };
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && Array.isArray(e.body.diagnostics)) {
      throw new DefinitionErrors(e.body.diagnostics as Diag[], `${ref.project}/${ref.name}`);
    }
    explain(e, ref);
  }
}

export class DefinitionErrors extends CliError {
  constructor(
    readonly diagnostics: Diag[],
    env: string,
  ) {
    super(`the definition has errors:\n${formatDiagnostics(diagnostics, env).trimEnd()}`);
  }
}
