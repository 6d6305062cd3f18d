// The editor's live check, in a Web Worker: a heavy definition costs this thread, never the
// page's, so typing stays responsive; the page drops a superseded check's result and terminates
// a check that ran long or past its budget (browser-check.ts). Imported definitions are asked
// of the page, which fetches and caches them. Check mode never calls a provider: only their schemas are needed.
import { checkEnvironment, createProviderRegistry, loadEnvironment, type LoadedEnvironment, type Provider } from "@/lib/esc";
import { providerCatalog } from "@/lib/providers/catalog";
import type { CheckRequest, FromCheckWorker, ToCheckWorker } from "./live-check-protocol";

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

const scope = self as unknown as { postMessage(m: FromCheckWorker): void; onmessage: ((e: MessageEvent<ToCheckWorker>) => void) | null };
const waiting = new Map<number, (def: LoadedEnvironment) => void>();
let nextCall = 1;
// The page caches a definition it fetched for its whole life (browser-check.ts), so a copy here
// is the same answer without a round trip through the page's busy main thread on every check.
// Only definitions are kept: a failure may be a network error the page retries.
const definitions = new Map<string, LoadedEnvironment>();

function loadImport(id: number, name: string): Promise<LoadedEnvironment> | LoadedEnvironment {
  const known = definitions.get(name);
  if (known) return known;
  return new Promise<LoadedEnvironment>((resolve) => {
    const call = nextCall++;
    waiting.set(call, (def) => {
      if (def.error === undefined) definitions.set(name, def);
      resolve(def);
    });
    scope.postMessage({ t: "load", id, call, name });
  });
}

async function check(req: CheckRequest) {
  const t0 = performance.now();
  const loaded = loadEnvironment(req.name, req.text);
  const environments = { load: (name: string) => loadImport(req.id, name) };
  const result = await checkEnvironment({ name: req.name, env: loaded.env, providers: registry, rotators: registry, environments, context: req.context });
  scope.postMessage({
    t: "done",
    id: req.id,
    check: {
      properties: result.env?.properties ?? {},
      schema: result.env?.schema,
      diagnostics: [...loaded.diagnostics, ...result.diagnostics],
      ms: performance.now() - t0,
    },
  });
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.t === "check") void check(m);
  else {
    waiting.get(m.call)?.(m.def);
    waiting.delete(m.call);
  }
};
