import { describe, expect, it } from "vitest";
import { checkEnvironment, createProviderRegistry, loadEnvironment, type Provider } from "../esc";
import { providerCatalog } from "./catalog";
import { serverProviderRegistry } from "./registry";

// What the editor knows (the browser-safe catalog) must be what the server runs.
describe("provider catalog", () => {
  it("describes exactly the server's providers, with the same schemas", () => {
    const refuse = () => Promise.reject(new Error("describing the registry records nothing"));
    const server = serverProviderRegistry({ recordLease: refuse, recordIrrevocable: refuse, pending: { begin: refuse, progress: refuse, abandon: refuse } }, refuse).providers;
    expect(providerCatalog.map((p) => p.name).sort()).toEqual([...server.keys()].sort());
    for (const p of providerCatalog) {
      expect(p.inputSchema).toEqual(server.get(p.name)!.inputSchema);
      expect(p.outputSchema).toEqual(server.get(p.name)!.outputSchema);
    }
  });

  it.each(providerCatalog.map((p) => [p.name, p] as const))("%s: the snippet checks cleanly with catalog schemas alone", async (_, p) => {
    const asProvider: Provider = { ...p, open: () => Promise.reject(new Error("check mode must not open")) };
    const yaml = `values:\n  x:\n${p.snippet!.split("\n").map((l) => `    ${l}`).join("\n")}\n`;
    const loaded = loadEnvironment("p/e", yaml);
    const r = await checkEnvironment({ name: "p/e", env: loaded.env, providers: createProviderRegistry([asProvider]) });
    expect([...loaded.diagnostics, ...r.diagnostics]).toEqual([]);
    expect(r.env?.properties?.x).toMatchObject({ unknown: true });
  });
});
