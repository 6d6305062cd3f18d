// Browser-safe descriptions of the providers and rotators this deployment offers: names, input
// and output schemas, documentation. The editor uses them for completion and for check mode
// (where outputs are unknown values typed by the output schema); the server registry in
// ./registry.ts pairs each with its implementation.
import type { Schema } from "../esc";

export interface ProviderDescription {
  name: string;
  summary: string;
  inputSchema: Schema;
  outputSchema: Schema;
  /** a starter definition the editor can insert */
  snippet?: string;
}

export const providerCatalog: ProviderDescription[] = [];
