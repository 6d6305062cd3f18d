"use client";

// The live check, run in the browser on every pause in typing: the language core with the
// providers' schemas (check mode never calls a provider) and imported definitions fetched from
// the server once and cached for the page's life.
import {
  checkEnvironment,
  createProviderRegistry,
  loadEnvironment,
  type Diagnostic,
  type EnvironmentLoader,
  type EvaluateResult,
  type Provider,
} from "@/lib/esc";
import { providerCatalog } from "@/lib/providers/catalog";
import type { ImportDefinition } from "@/lib/environments/imports";

const registry = createProviderRegistry(
  providerCatalog.map(
    (p): Provider => ({
      name: p.name,
      inputSchema: p.inputSchema,
      outputSchema: p.outputSchema,
      open: () => Promise.reject(new Error("providers are opened on the server")),
    }),
  ),
);

export type FetchImports = (names: string[]) => Promise<Record<string, ImportDefinition>>;

export function cachedImportLoader(fetchImports: FetchImports): EnvironmentLoader {
  const cache = new Map<string, Promise<ImportDefinition>>();
  return {
    load(name) {
      let hit = cache.get(name);
      if (!hit) {
        hit = fetchImports([name]).then(
          (m) => m[name] ?? { error: `environment "${name}" not found` },
          () => {
            cache.delete(name); // a network failure is retried on the next check
            return { error: `could not load environment "${name}"` };
          },
        );
        cache.set(name, hit);
      }
      return hit;
    },
  };
}

export interface LiveCheck {
  result: EvaluateResult;
  diagnostics: Diagnostic[];
  ms: number;
}

export async function runLiveCheck(name: string, text: string, environments: EnvironmentLoader, context: Record<string, unknown>): Promise<LiveCheck> {
  const t0 = performance.now();
  const loaded = loadEnvironment(name, text);
  const result = await checkEnvironment({ name, env: loaded.env, providers: registry, rotators: registry, environments, context });
  return { result, diagnostics: [...loaded.diagnostics, ...result.diagnostics], ms: performance.now() - t0 };
}
